"""A volunteer's record: the shifts they did, and their hours per site and per month.

A shift counts when the person held a confirmed seat on it, it was not cancelled, it has ended, and they were
not marked absent: marked present, or attendance was not taken for them (such shifts are flagged, so the person
and a reader of the certificate know). Walk-ins count like anyone else: they hold a confirmed seat. Hours are
the shift's own length; a day is a date in the site's time zone on which a counted shift started.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import number_format

from shifts.models import Signup
from sites.models import Mission


def attended_signups(volunteer, *, now: datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    return (
        Signup.objects.filter(
            volunteer=volunteer,
            status=Signup.Status.CONFIRMED,
            shift__is_cancelled=False,
            shift__ends_at__lte=now,
        )
        .exclude(attendance=Signup.Attendance.NO_SHOW)
        .order_by("-shift__starts_at", "-pk")
    )


@dataclass
class Line:
    """Hours, days and shifts for one site, one month or one mission."""

    key: object
    label: str = ""
    minutes: int = 0
    shifts: int = 0
    days: set = field(default_factory=set)
    description: str = ""

    @property
    def day_count(self) -> int:
        return len(self.days)

    @property
    def hours(self) -> str:
        return format_hours(self.minutes)


@dataclass
class Record:
    shifts: int = 0
    minutes: int = 0
    days: set = field(default_factory=set)
    unrecorded: int = 0
    by_site: list[Line] = field(default_factory=list)
    by_month: list[Line] = field(default_factory=list)
    by_mission: list[Line] = field(default_factory=list)

    @property
    def day_count(self) -> int:
        return len(self.days)

    @property
    def hours(self) -> str:
        return format_hours(self.minutes)

    @property
    def first_day(self) -> date | None:
        return min(self.days) if self.days else None

    @property
    def last_day(self) -> date | None:
        return max(self.days) if self.days else None

    @property
    def site_names(self) -> list[str]:
        return [line.label for line in self.by_site]


def format_hours(minutes: int) -> str:
    """Hours with one decimal when they are not whole, in the active language's number format."""
    hours = round(minutes / 60, 1)
    return number_format(hours, decimal_pos=0 if hours == int(hours) else 1)


def record_for(volunteer, *, now: datetime | None = None) -> Record:
    """Everything the record page and the certificate state, in two queries whatever the history's length.

    Names (sites, missions) are read in the active language, so call it inside the language wanted.
    """
    rows = attended_signups(volunteer, now=now).values_list(
        "shift__starts_at", "shift__ends_at", "shift__mission_id", "attendance"
    )
    rows = list(rows)
    missions = {
        mission.pk: mission
        for mission in Mission.objects.filter(pk__in={row[2] for row in rows}).select_related("site")
    }
    record = Record()
    sites: dict[int, Line] = {}
    months: dict[date, Line] = {}
    by_mission: dict[int, Line] = {}
    for starts_at, ends_at, mission_id, attendance in rows:
        mission = missions[mission_id]
        site = mission.site
        day = timezone.localtime(starts_at, site.tz).date()
        minutes = round((ends_at - starts_at).total_seconds() / 60)
        month = day.replace(day=1)
        lines = (
            sites.setdefault(site.pk, Line(key=site, label=site.name)),
            months.setdefault(month, Line(key=month)),
            by_mission.setdefault(
                mission.pk,
                Line(key=mission, label=mission.display_name, description=mission.display_description),
            ),
            record,
        )
        for line in lines:
            line.minutes += minutes
            line.shifts += 1
            line.days.add(day)
        if attendance == Signup.Attendance.UNKNOWN:
            record.unrecorded += 1
    record.by_site = sorted(sites.values(), key=lambda line: (line.key.position, line.key.name))
    record.by_month = sorted(months.values(), key=lambda line: line.key)
    record.by_mission = sorted(
        by_mission.values(),
        key=lambda line: (line.key.site.position, line.key.site.name, line.key.position, line.label),
    )
    return record
