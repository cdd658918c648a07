"""The private calendar feed (RFC 5545): a volunteer's confirmed shifts, for phones and calendar apps.

Times are written in UTC (`...Z`), which every calendar app converts to the phone's own zone, so a
shift at 08:00 in Paris reads 08:00 on both sides of a clock change.

The text is written here directly rather than through the icalendar library: a volunteer with a
busy year has a few hundred events, and building them as icalendar objects cost ~60 ms of CPU per
request. The output is plain RFC 5545 (TEXT escaping, lines folded at 75 octets, CRLF endings); the
tests read it back with icalendar.
"""

import hashlib
import re
from datetime import UTC

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from volunteers.models import Volunteer, new_calendar_token

from . import selectors

PRODID = "-//utopia//volunteer rota//EN"
CRLF = "\r\n"
# Control characters are not allowed in TEXT values (RFC 5545 3.3.11), except tab; newlines are escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def regenerate_token(*, volunteer: Volunteer) -> str:
    """Give `volunteer` a new private feed address; the old one stops working at once."""
    token = new_calendar_token()
    Volunteer.objects.filter(pk=volunteer.pk).update(calendar_token=token)
    volunteer.calendar_token = token
    return token


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    value = _CONTROL.sub("", value)
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence."""
    if len(line.encode()) <= 75:
        return line
    parts, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def utc_stamp(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _mission_texts(row: dict, cache: dict) -> tuple[str, list[str]]:
    """SUMMARY and the fixed lines of DESCRIPTION for a mission: the same for each of its shifts."""
    key = row["mission_id"]
    if key not in cache:
        french = (translation.get_language() or "en").startswith("fr")
        name = (french and row["name_fr"]) or row["name"]
        bring = (french and row["what_to_bring_fr"]) or row["what_to_bring"]
        before = [_("What to bring: %(things)s") % {"things": bring}] if bring else []
        after = [_("Coordinators: %(phone)s") % {"phone": row["contact_phone"]}] if row["contact_phone"] else []
        summary = escape_text(f"{name} – {row['site_name']}")
        cache[key] = (summary, before, after)
    return cache[key]


def _event(row: dict, *, url: str, host: str, stamp: str, cache: dict) -> str:
    summary, before, after = _mission_texts(row, cache)
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{summary}",
        f"DTSTART:{utc_stamp(row['starts_at'])}",
        f"DTEND:{utc_stamp(row['ends_at'])}",
        f"DTSTAMP:{stamp}",
        "UID:" + escape_text(f"signup-{row['pk']}@{host}"),
    ]
    details = before + ([row["notes"]] if row["notes"] else []) + after
    if details:
        lines.append(fold("DESCRIPTION:" + escape_text("\n".join(details))))
    lines.append(f"LAST-MODIFIED:{utc_stamp(max(row['updated_at'], row['shift_updated_at']))}")
    if row["address"]:
        lines.append(fold("LOCATION:" + escape_text(row["address"])))
    lines.append(fold("URL:" + url))
    lines.append("END:VEVENT")
    return CRLF.join(lines)


def build_feed(*, volunteer: Volunteer, build_url, host: str) -> bytes:
    """The .ics text for `volunteer`. `build_url` turns a path into an absolute URL."""
    with translation.override(volunteer.preferred_language or None):
        stamp = utc_stamp(timezone.now())
        # One reverse() and one absolute URL for all events: only the shift id changes.
        marker = 999999999
        url_template = build_url(reverse("shifts:detail", args=[marker])).replace(str(marker), "{}")
        cache: dict = {}
        parts = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{PRODID}",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            fold("X-WR-CALNAME:" + escape_text(_("My utopia shifts"))),
            "X-PUBLISHED-TTL:PT1H",
        ]
        for row in selectors.feed_rows(volunteer=volunteer):
            parts.append(_event(row, url=url_template.format(row["shift_id"]), host=host, stamp=stamp, cache=cache))
        parts.append("END:VCALENDAR")
        return (CRLF.join(parts) + CRLF).encode()


def etag(body: bytes) -> str:
    """A strong ETag for the feed's content, leaving out DTSTAMP (the time it was written)."""
    content = re.sub(rb"\r\nDTSTAMP:[0-9TZ]+", b"", body)
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
