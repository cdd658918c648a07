"""What the stays app holds about a person (volunteers/personal_data.py says the convention)."""

from volunteers.models import Volunteer
from volunteers.personal_data import iso

from . import services
from .models import Stay

COVERED = {"stays.Stay": "exported; stays not over are cancelled and their beds freed, notes scrubbed"}
# After the sign-ups (phase 10), while the person's lock is held: the same order as plan_stay.
ERASE_PHASE = 20


def export(volunteer: Volunteer) -> dict:
    stays = Stay.objects.filter(volunteer=volunteer).select_related("site").prefetch_related("bed_nights")
    return {"stays": [_export_stay(stay) for stay in stays.order_by("arrives_on", "pk")]}


def _export_stay(stay: Stay) -> dict:
    return {
        "id": stay.pk,
        "site": stay.site.name,
        "site_slug": stay.site.slug,
        "arrives_on": iso(stay.arrives_on),
        "leaves_on": iso(stay.leaves_on),
        "needs_bed": stay.needs_bed,
        "nights_held": [iso(night.night) for night in stay.bed_nights.all()],
        "status": stay.status,
        "arrival_time": iso(stay.arrival_time),
        "travel": stay.travel,
        "note": stay.note,
        "planned_at": iso(stay.created_at),
        "cancelled_at": iso(stay.cancelled_at),
        "reminder_sent_at": iso(stay.reminder_sent_at),
    }


def erase(volunteer: Volunteer) -> None:
    services.cancel_future_stays(volunteer=volunteer)
    Stay.objects.filter(volunteer=volunteer).update(note="")
