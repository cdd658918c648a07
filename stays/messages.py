"""The stay's own message: one email when a stay's days are booked (dates, bed, where it is, the days booked),
instead of one confirmation per shift (stays.services books those days without a message each).

A message kind as shifts.messaging.kinds describes them: a row in the outbox (shifts.Notification) recorded once
per booking, sent by the same sweep. Registered when imported (StaysConfig.ready).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy

from shifts.messaging.kinds import KINDS, MessageKind, register
from shifts.models import Signup
from sites.models import Accommodation

from .models import Stay


def _stay_days(stay: Stay) -> list[dict]:
    """Each day of the stay with the person's shifts that day (times in the site's clock) and the bed that night."""
    site = stay.site
    start = datetime.combine(stay.arrives_on, datetime.min.time(), tzinfo=site.tz)
    end = datetime.combine(stay.leaves_on + timedelta(days=1), datetime.min.time(), tzinfo=site.tz)
    days = {day: {"day": day, "shifts": [], "bed": None} for day in stay.days}
    signups = (
        Signup.objects.active()
        .filter(volunteer_id=stay.volunteer_id, shift__mission__site=site, shift__starts_at__gte=start)
        .filter(shift__starts_at__lt=end, shift__is_cancelled=False)
        .select_related("shift__mission__site")
        .order_by("shift__starts_at", "pk")
    )
    for signup in signups:
        starts, ends = signup.shift.local_starts_at, signup.shift.local_ends_at
        entry = days.get(starts.date())
        if entry is not None:
            entry["shifts"].append(
                {
                    "mission": signup.shift.mission.display_name,
                    "hours": f"{starts:%H:%M}–{ends:%H:%M}",
                    "waitlisted": signup.status == Signup.Status.WAITLISTED,
                }
            )
    for night in stay.bed_nights.select_related("accommodation"):
        if night.night in days:
            days[night.night]["bed"] = {"place": night.accommodation.name, "bed": night.bed}
    return list(days.values())


@register
class StayBooked(MessageKind):
    """To the person: their stay and the days booked with it, in one message. It cannot be turned off: it stands
    in for the confirmations of the shifts booked with the stay and says where the person sleeps."""

    slug = "stay_booked"
    label = gettext_lazy("stay and its days")
    template = "stay_booked"

    def notify(self, *, stay: Stay, by=None, key: str) -> None:
        """`key` names the booking (the stay planned, or days added later): one message for each."""
        by_someone_else = by is not None and by.pk != stay.volunteer_id
        self.record(
            recipient=stay.volunteer,
            dedupe_key=f"stay:{stay.pk}:{key}",
            context={"stay_id": stay.pk, "by": (by.get_full_name() or by.public_name) if by_someone_else else ""},
        )

    def _stay(self, notification) -> Stay | None:
        stay_id = (notification.context or {}).get("stay_id")
        return Stay.objects.select_related("site", "volunteer").filter(pk=stay_id).first()

    def skip_reason(self, notification, now):
        reason = super().skip_reason(notification, now)
        stay = self._stay(notification)
        if not reason and (stay is None or not stay.is_confirmed):
            return "skipped: the stay was cancelled"
        return reason

    def context(self, notification):
        stay = self._stay(notification)
        site = stay.site
        places = Accommodation.objects.filter(pk__in=stay.bed_nights.values("accommodation_id")).order_by("pk")
        return {
            "stay": stay,
            "site": site,
            "places": list(places),
            "days": _stay_days(stay),
            "by": (notification.context or {}).get("by", ""),
            "stay_url": settings.SITE_URL + reverse("stays:detail", args=[stay.pk]),
            "coordinators": [p.get_full_name() or p.public_name for p in site.coordinators.all()],
        }


STAY_BOOKED = KINDS[StayBooked.slug]
