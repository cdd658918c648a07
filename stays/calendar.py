"""A volunteer's stays in their private calendar feed, as all-day events (shifts/volunteer/calendar.py)."""

from datetime import timedelta

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event

from .models import Stay

FEED_PAST_DAYS = 30


def _feed_stays(volunteer):
    since = timezone.localdate() - timedelta(days=FEED_PAST_DAYS)
    return Stay.objects.confirmed().filter(volunteer=volunteer, leaves_on__gte=since)


def add_stay_events(feed, *, volunteer, host: str, build_url, stamp) -> None:
    """One all-day event per confirmed stay, from the arrival day through the day of leaving (an all-day
    DTEND is the day after the last one). Dates, not times: a stay has no clock to change."""
    for stay in _feed_stays(volunteer).select_related("site").order_by("arrives_on", "pk"):
        event = Event()
        event.add("summary", _("Stay in %(site)s") % {"site": stay.site.name})
        event.add("dtstart", stay.arrives_on)
        event.add("dtend", stay.leaves_on + timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("uid", f"stay-{stay.pk}@{host}")
        event.add("last-modified", stay.updated_at)
        event.add("transp", "TRANSPARENT")  # the shifts in it are the busy times
        event.add("url", build_url(reverse("stays:detail", args=[stay.pk])))
        feed.add_component(event)


def feed_version(*, volunteer) -> tuple:
    """What moves the feed's ETag when a stay changes: their number and the latest change."""
    summary = _feed_stays(volunteer).aggregate(count=Count("pk"), last=Max("updated_at"))
    return summary["count"], summary["last"]
