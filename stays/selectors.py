"""Reads worth naming, for the volunteer's stay pages and the coordinators' stays page. Each returns what
one page shows in a fixed number of queries, whatever the number of stays."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Sum
from django.utils import timezone

from shifts.models import Shift, ShiftTemplate, Signup
from sites.models import Accommodation, Site
from utopia.inputs import MAX_ID, InputRefused, parse_int

from .models import Stay, StayNight
from .services import site_today

CHART_DAYS = 30


def _day_start(site: Site, day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=site.tz)


# --- the volunteer's side -------------------------------------------------------------------------------


def my_stays(*, volunteer):
    return Stay.objects.filter(volunteer=volunteer).select_related("site").order_by("-arrives_on", "-pk")


def upcoming_stays(*, volunteer, today: date | None = None):
    """Confirmed stays not over yet, soonest first (for my shifts and the shift page's link)."""
    today = today or timezone.localdate()
    return (
        Stay.objects.confirmed()
        .filter(volunteer=volunteer, leaves_on__gte=today)
        .select_related("site")
        .order_by("arrives_on", "pk")
    )


@dataclass
class StayDay:
    day: date
    signups: list = field(default_factory=list)
    bed: StayNight | None = None

    @property
    def is_empty(self) -> bool:
        return not any(signup.status == Signup.Status.CONFIRMED for signup in self.signups)


def stay_days(stay: Stay) -> list[StayDay]:
    """Each day of the stay with the person's sign-ups at the site that day and the bed held that night."""
    site = stay.site
    days = {day: StayDay(day=day) for day in stay.days}
    signups = (
        Signup.objects.active()
        .filter(
            volunteer_id=stay.volunteer_id,
            shift__mission__site=site,
            shift__starts_at__gte=_day_start(site, stay.arrives_on),
            shift__starts_at__lt=_day_start(site, stay.leaves_on + timedelta(days=1)),
        )
        .select_related("shift__mission__site")
        .order_by("shift__starts_at", "pk")
    )
    for signup in signups:
        entry = days.get(signup.shift.local_starts_at.date())
        if entry is not None:
            entry.signups.append(signup)
    for night in stay.bed_nights.select_related("accommodation"):
        if night.night in days:
            days[night.night].bed = night
    return list(days.values())


def accommodations_of(stay: Stay) -> list[Accommodation]:
    """Where the stay sleeps (usually one place), for its address and house rules."""
    ids = stay.bed_nights.values("accommodation_id")
    return list(Accommodation.objects.filter(pk__in=ids).order_by("pk"))


@dataclass(frozen=True)
class Slot:
    """A mission at a local start time: "the same shift" on every day of a stay."""

    mission_id: int
    start: time
    label: str = ""

    @property
    def key(self) -> str:
        return f"{self.mission_id}-{self.start:%H%M}"

    @classmethod
    def parse(cls, value: str) -> "Slot | None":
        """`<mission id>-<HHMM>` from a query string (numbers read by utopia.inputs), or None."""
        try:
            mission, hours = str(value).split("-")
            if len(hours) != 4:
                return None
            return cls(
                parse_int(mission, lo=1, hi=MAX_ID),
                time(parse_int(hours[:2], lo=0, hi=23), parse_int(hours[2:], lo=0, hi=59)),
            )
        except (InputRefused, ValueError):
            return None


def slots(site: Site) -> list[Slot]:
    """The site's repeating shifts, from its weekly templates: one per mission and start time."""
    seen = {}
    templates = (
        ShiftTemplate.objects.filter(mission__site=site, is_active=True)
        .select_related("mission")
        .order_by("mission__position", "start_time", "pk")
    )
    for template in templates:
        slot = Slot(
            template.mission_id, template.start_time, f"{template.mission.display_name}, {template.start_time:%H:%M}"
        )
        seen.setdefault(slot.key, slot)
    return list(seen.values())


def slot_of(shift: Shift) -> Slot:
    start = shift.local_starts_at
    return Slot(shift.mission_id, start.time().replace(second=0, microsecond=0), "")


def matching_shifts(*, stay: Stay, slot: Slot) -> dict[date, Shift]:
    """{day: the shift of the slot's mission starting at the slot's local time that day}, for every day of
    the stay that has one. Local time: 10:00 is 10:00 on both sides of a clock change."""
    site = stay.site
    shifts = (
        Shift.objects.filter(
            mission_id=slot.mission_id,
            mission__site=site,
            is_cancelled=False,
            starts_at__gte=_day_start(site, stay.arrives_on),
            starts_at__lt=_day_start(site, stay.leaves_on + timedelta(days=1)),
        )
        .select_related("mission__site")
        .order_by("starts_at", "pk")
    )
    found = {}
    for shift in shifts:
        local = shift.local_starts_at
        if (local.hour, local.minute) == (slot.start.hour, slot.start.minute):
            found.setdefault(local.date(), shift)
    return found


# --- the coordinators' side -----------------------------------------------------------------------------


def _first_timer(site: Site, day: date, person: str = "volunteer_id") -> Exists:
    """Whether the stay's person has been at the site before `day`: a confirmed shift that started earlier and
    was not a no-show (as the day roster says "first time here")."""
    earlier = (
        Signup.objects.confirmed()
        .filter(
            volunteer_id=OuterRef(person),
            shift__mission__site=site,
            shift__is_cancelled=False,
            shift__starts_at__lt=_day_start(site, day),
        )
        .exclude(attendance=Signup.Attendance.NO_SHOW)
    )
    return ~Exists(earlier)


def _stays_of_day(site: Site, day: date, **dates):
    tonight = StayNight.objects.filter(night=day).select_related("accommodation")
    return (
        Stay.objects.confirmed()
        .filter(site=site, **dates)
        .annotate(is_first_time=_first_timer(site, day))
        .select_related("volunteer")
        .prefetch_related(Prefetch("bed_nights", queryset=tonight, to_attr="tonight"))
        .order_by("arrival_time", "volunteer__last_name", "volunteer__first_name", "pk")
    )


def arrivals(site: Site, day: date) -> list[Stay]:
    return list(_stays_of_day(site, day, arrives_on=day))


def departures(site: Site, day: date) -> list[Stay]:
    return list(_stays_of_day(site, day, leaves_on=day))


def sleepers(site: Site, day: date) -> list[StayNight]:
    """Who sleeps where on the night of `day`: the list for the campsite."""
    return list(
        StayNight.objects.filter(accommodation__site=site, night=day, stay__status=Stay.Status.CONFIRMED)
        .annotate(is_first_time=_first_timer(site, day, person="stay__volunteer_id"))
        .select_related("accommodation", "stay__volunteer")
        .order_by("accommodation__name", "accommodation_id", "bed")
    )


@dataclass
class NightRow:
    night: date
    taken: int
    beds: int

    @property
    def free(self) -> int:
        return max(self.beds - self.taken, 0)


def beds_per_night(site: Site, start: date, days: int = CHART_DAYS) -> list[NightRow]:
    """Beds taken each night from `start` for `days` nights, against the beds the site has. Two queries."""
    beds = Accommodation.objects.filter(site=site, is_active=True).aggregate(beds=Sum("beds"))["beds"] or 0
    counts = dict(
        StayNight.objects.filter(accommodation__site=site, night__gte=start, night__lt=start + timedelta(days=days))
        .order_by()
        .values("night")
        .annotate(taken=Count("pk"))
        .values_list("night", "taken")
    )
    return [NightRow(night, counts.get(night, 0), beds) for night in (start + timedelta(days=i) for i in range(days))]


WEEK_DAYS = 7


@dataclass
class WeekDay:
    day: date
    arrivals: int
    departures: int
    night: NightRow


def week_ahead(site: Site, nights: list[NightRow]) -> list[WeekDay]:
    """The stays' week from the first of `nights` (beds_per_night's rows): arrivals, departures and beds each day.
    Two queries, whatever the number of stays."""
    week = nights[:WEEK_DAYS]
    if not week:
        return []
    days = [row.night for row in week]

    def per_day(field: str) -> dict:
        return dict(
            Stay.objects.confirmed()
            .filter(site=site, **{f"{field}__in": days})
            .order_by()
            .values(field)
            .annotate(people=Count("pk"))
            .values_list(field, "people")
        )

    arrivals, departures = per_day("arrives_on"), per_day("leaves_on")
    return [WeekDay(row.night, arrivals.get(row.night, 0), departures.get(row.night, 0), row) for row in week]


def flagged_nights(site: Site, start: date, days: int = CHART_DAYS) -> list[StayNight]:
    """Bed-nights from `start` no longer backed by a confirmed shift of the person at the site on that day or
    the next (a shift was cancelled after the stay was planned). Two queries, whatever the number of nights."""
    end = start + timedelta(days=days)
    nights = list(
        StayNight.objects.filter(
            accommodation__site=site, night__gte=start, night__lt=end, stay__status=Stay.Status.CONFIRMED
        )
        .select_related("accommodation", "stay__volunteer")
        .order_by("night", "accommodation_id", "bed")
    )
    if not nights:
        return []
    people = {night.stay.volunteer_id for night in nights}
    starts = (
        Signup.objects.confirmed()
        .filter(
            volunteer_id__in=people,
            shift__mission__site=site,
            shift__is_cancelled=False,
            shift__starts_at__gte=_day_start(site, start),
            shift__starts_at__lt=_day_start(site, end + timedelta(days=1)),
        )
        .values_list("volunteer_id", "shift__starts_at")
    )
    working = defaultdict(set)
    for volunteer_id, moment in starts:
        working[volunteer_id].add(timezone.localtime(moment, site.tz).date())
    return [
        night
        for night in nights
        if night.night not in working[night.stay.volunteer_id]
        and night.night + timedelta(days=1) not in working[night.stay.volunteer_id]
    ]


def roster_today(site: Site) -> date:
    return site_today(site)


def has_beds(site: Site) -> bool:
    return Accommodation.objects.filter(site=site, is_active=True).exists()
