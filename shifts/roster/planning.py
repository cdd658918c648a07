"""Turning a site's weekly templates into shifts, in the site's local time, within the planning window."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shifts.models import Shift, ShiftTemplate
from sites.models import Closure, Site
from sites.services import CLOSURE_AHEAD, CLOSURE_PAST


def planning_window(today: date) -> tuple[date, date]:
    """The first and last day that may be generated or closed, seen from `today`: the closures' window (a year
    back, two years ahead), so a typing slip (2062 for 2026) is refused rather than planned."""
    return today - CLOSURE_PAST, today + CLOSURE_AHEAD


OUT_OF_WINDOW = _("Shifts can be created from a year ago up to two years ahead.")


def check_in_window(day: date, *, today: date) -> None:
    first, last = planning_window(today)
    if not first <= day <= last:
        raise ValidationError(OUT_OF_WINDOW, code="out_of_range")


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
