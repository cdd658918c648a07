"""One shift as an .ics attachment, for the confirmation of one's own sign-up or cancellation.

The event's UID is the one the private calendar feed gives the same sign-up (`signup-<id>@<host>`), so a
calendar that has both sees one event; a cancellation is the same UID with METHOD:CANCEL and
STATUS:CANCELLED, which takes it out of the calendar it was added to.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from shifts.models import Signup

PRODID = "-//utopia//volunteer rota//EN"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def build(*, signup: Signup, cancelled: bool) -> bytes:
    """The calendar, in the active language (the caller renders in the recipient's)."""
    shift = signup.shift
    mission, site = shift.mission, shift.mission.site
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"signup-{signup.pk}@{_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", shift.starts_at)
    event.add("dtend", shift.ends_at)
    event.add("summary", f"{mission.display_name} – {site.name}")
    if site.address:
        event.add("location", site.address)
    event.add("url", f"{settings.SITE_URL}/shifts/{shift.pk}/")
    # A cancellation must outrank the event it replaces (RFC 5546).
    event.add("sequence", 1 if cancelled else 0)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def attachment(*, signup: Signup, cancelled: bool) -> tuple[str, bytes, str]:
    method = "CANCEL" if cancelled else "PUBLISH"
    return ("shift.ics", build(signup=signup, cancelled=cancelled), f"text/calendar; method={method}; charset=utf-8")
