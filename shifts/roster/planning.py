"""Turning a site's weekly templates into shifts, in the site's local time, and closing days."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shifts.models import Shift, ShiftTemplate
from sites.models import Closure, Mission, Site

# How far back and ahead a coordinator (or the command) plans: generation and closures outside this window
# are refused, a typing slip (2062 for 2026) rather than a plan.
PLAN_DAYS_BACK = 365
PLAN_YEARS_AHEAD = 2


def planning_window(today: date) -> tuple[date, date]:
    """The first and last day that may be generated or closed, seen from `today`."""
    try:
        last = today.replace(year=today.year + PLAN_YEARS_AHEAD)
    except ValueError:  # 29 February
        last = today.replace(year=today.year + PLAN_YEARS_AHEAD, day=28)
    return today - timedelta(days=PLAN_DAYS_BACK), last


def check_in_window(day: date, *, today: date) -> None:
    first, last = planning_window(today)
    if not first <= day <= last:
        raise ValidationError(
            _("Choose a day between %(first)s and %(last)s."),
            code="out_of_range",
            params={"first": first.isoformat(), "last": last.isoformat()},
        )


@dataclass
class GenerationResult:
    created: int = 0
    existing: int = 0
    closed: int = 0


def local_span(template: ShiftTemplate, day: date, tz) -> tuple[datetime, datetime]:
    """Start and end of `template` on `day` as aware datetimes.

    Wall-clock times are attached to the site's zone on each day, so 08:00 stays 08:00 on the days
    the clocks change; an end at or before the start falls on the next day (night shifts).
    """
    starts_at = datetime.combine(day, template.start_time, tzinfo=tz)
    end_day = day + timedelta(days=1) if template.ends_next_day else day
    ends_at = datetime.combine(end_day, template.end_time, tzinfo=tz)
    return starts_at, ends_at


@transaction.atomic
def generate_shifts(*, site: Site, start: date, days: int) -> GenerationResult:
    """Create the shifts of `site` for `days` days from `start`. Running it twice creates nothing twice."""
    result = GenerationResult()
    tz = site.tz
    templates = list(ShiftTemplate.objects.filter(mission__site=site, is_active=True).select_related("mission"))
    end = start + timedelta(days=days)
    closures = set(Closure.objects.filter(site=site, date__gte=start, date__lt=end).values_list("date", "mission_id"))
    existing = set(
        Shift.objects.filter(
            template__in=templates, starts_at__gte=datetime.combine(start, datetime.min.time(), tzinfo=tz)
        ).values_list("template_id", "starts_at")
    )
    to_create = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        for template in templates:
            if template.weekday != day.weekday():
                continue
            if (day, None) in closures or (day, template.mission_id) in closures:
                result.closed += 1
                continue
            starts_at, ends_at = local_span(template, day, tz)
            if (template.pk, starts_at) in existing:
                result.existing += 1
                continue
            to_create.append(
                Shift(
                    mission=template.mission,
                    template=template,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    capacity=template.capacity,
                    notes=template.notes,
                )
            )
    # ignore_conflicts: a concurrent run (the nightly task and a coordinator) may create the same row;
    # the unique (template, starts_at) constraint keeps one.
    Shift.objects.bulk_create(to_create, ignore_conflicts=True)
    result.created = len(to_create)
    return result


@transaction.atomic
def close_day(*, site: Site, day: date, today: date, mission: Mission | None = None, reason: str = "") -> Closure:
    """Record that `site` (or one of its missions) does not run on `day`. Shifts already generated stay.

    Refuses a day outside the planning window and a day already closed (the model's two unique constraints,
    checked by full_clean, say so in words; the database enforces them if two requests race).
    """
    check_in_window(day, today=today)
    closure = Closure(site=site, mission=mission, date=day, reason=reason)
    try:
        closure.full_clean()
    except ValidationError as error:
        raise ValidationError(_("This day is already closed."), code="already_closed") from error
    closure.save()
    return closure
