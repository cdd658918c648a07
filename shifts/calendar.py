"""The private calendar feed (RFC 5545): a volunteer's confirmed shifts, for phones and calendar apps.

Times are written in UTC (`...Z`), which every calendar app converts to the phone's own zone, so a
shift at 08:00 in Paris reads 08:00 on both sides of a clock change.
"""

from datetime import UTC

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from volunteers.models import Volunteer, new_calendar_token

from . import selectors

PRODID = "-//utopia//volunteer rota//EN"


def regenerate_token(*, volunteer: Volunteer) -> str:
    """Give `volunteer` a new private feed address; the old one stops working at once."""
    token = new_calendar_token()
    Volunteer.objects.filter(pk=volunteer.pk).update(calendar_token=token)
    volunteer.calendar_token = token
    return token


def _event(signup, *, build_url, host: str, stamp) -> Event:
    shift = signup.shift
    site = shift.mission.site
    event = Event()
    event.add("uid", f"signup-{signup.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", shift.starts_at.astimezone(UTC))
    event.add("dtend", shift.ends_at.astimezone(UTC))
    event.add("summary", f"{shift.mission.display_name} – {site.name}")
    if site.address:
        event.add("location", site.address)
    details = [text for text in (shift.mission.display_what_to_bring, shift.notes) if text]
    if shift.mission.display_what_to_bring:
        details[0] = _("What to bring: %(things)s") % {"things": shift.mission.display_what_to_bring}
    if site.contact_phone:
        details.append(_("Coordinators: %(phone)s") % {"phone": site.contact_phone})
    if details:
        event.add("description", "\n".join(details))
    event.add("url", build_url(reverse("shifts:detail", args=[shift.pk])))
    event.add("last-modified", max(signup.updated_at, shift.updated_at).astimezone(UTC))
    return event


def build_feed(*, volunteer: Volunteer, build_url, host: str) -> bytes:
    """The .ics text for `volunteer`. `build_url` turns a path into an absolute URL."""
    with translation.override(volunteer.preferred_language or None):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("My utopia shifts"))
        calendar.add("x-published-ttl", "PT1H")
        stamp = timezone.now().astimezone(UTC)
        for signup in selectors.feed_signups(volunteer=volunteer):
            calendar.add_component(_event(signup, build_url=build_url, host=host, stamp=stamp))
        return calendar.to_ical()
