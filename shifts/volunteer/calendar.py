"""The private calendar feed (RFC 5545): a volunteer's confirmed shifts, for phones and calendar apps.

Times are written in UTC (`...Z`), which every calendar app converts to the phone's own zone, so a
shift at 08:00 in Paris reads 08:00 on both sides of a clock change. Calendar apps poll the feed: its
ETag is worked out from one aggregate query (`selectors.feed_version`), so an unchanged feed is answered
304 without building the body.
"""

import hashlib
from datetime import UTC

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDDDTypes, vText, vUri

from shifts import selectors
from stays import calendar as stay_calendar
from volunteers.localised import is_french
from volunteers.models import Volunteer

PRODID = "-//utopia//volunteer rota//EN"


def _description(*, bring: str, notes: str, phone: str) -> str:
    lines = [_("What to bring: %(things)s") % {"things": bring}] if bring else []
    lines += [notes] if notes else []
    lines += [_("Coordinators: %(phone)s") % {"phone": phone}] if phone else []
    return "\n".join(lines)


def build_feed(*, volunteer: Volunteer, build_url, host: str) -> bytes:
    """The .ics text for `volunteer`. `build_url` turns a path into an absolute URL."""
    with translation.override(volunteer.preferred_language or None):
        french = is_french()
        feed = Calendar()
        feed.add("prodid", PRODID)
        feed.add("version", "2.0")
        feed.add("calscale", "GREGORIAN")
        feed.add("method", "PUBLISH")
        feed.add("x-wr-calname", _("My utopia shifts"))
        feed.add("x-published-ttl", "PT1H")
        # Each property is given as icalendar's own type (what Event.add would infer from the Python value, name
        # by name): a feed has hundreds of events, and the inference cost more than the rest of building them.
        stamp = vDDDTypes(timezone.now().astimezone(UTC))
        detail = selectors.path_for_pk("shifts:detail")
        for (
            pk,
            shift_id,
            starts_at,
            ends_at,
            modified,
            notes,
            _mission_id,
            name,
            name_fr,
            bring,
            bring_fr,
            site_name,
            address,
            phone,
        ) in selectors.feed_rows(volunteer=volunteer):
            event = Event()
            event["SUMMARY"] = vText(f"{(french and name_fr) or name} – {site_name}")
            event["DTSTART"] = vDDDTypes(starts_at.astimezone(UTC))
            event["DTEND"] = vDDDTypes(ends_at.astimezone(UTC))
            event["DTSTAMP"] = stamp
            event["UID"] = vText(f"signup-{pk}@{host}")
            description = _description(bring=(french and bring_fr) or bring, notes=notes, phone=phone)
            if description:
                event["DESCRIPTION"] = vText(description)
            event["LAST-MODIFIED"] = vDDDTypes(modified.astimezone(UTC))
            if address:
                event["LOCATION"] = vText(address)
            event["URL"] = vUri(build_url(detail(shift_id)))
            feed.add_component(event)
        stay_calendar.add_stay_events(feed, volunteer=volunteer, host=host, build_url=build_url, stamp=stamp)
        return feed.to_ical()


def etag(*, volunteer: Volunteer, host: str) -> str:
    """A strong ETag for the feed as it would be built now, without building it.

    It moves when a sign-up of the feed or its shift is saved (their last change), when one leaves or joins it
    (the counts), when a mission or site text the events show changes, with the language and the host, and
    each day (the feed keeps the last weeks: its window moves).
    """
    version = (selectors.feed_version(volunteer=volunteer), stay_calendar.feed_version(volunteer=volunteer))
    parts = (volunteer.calendar_token, volunteer.preferred_language, host, timezone.localdate(), version)
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'
