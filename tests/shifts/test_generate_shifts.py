from datetime import date, time

import pytest
from django.core.management import CommandError, call_command

from shifts.models import Shift
from sites.models import Closure
from tests.factories import ShiftTemplateFactory

pytestmark = pytest.mark.django_db


def _local_times(site):
    return sorted(
        (s.local_starts_at.date(), s.local_starts_at.strftime("%H:%M"), s.local_ends_at.strftime("%H:%M"))
        for s in Shift.objects.filter(mission__site=site)
    )


@pytest.mark.parametrize("change_day", [date(2027, 3, 28), date(2027, 10, 31)])
def test_templates_keep_local_wall_clock_time_across_clock_changes(mission, change_day):
    ShiftTemplateFactory(mission=mission, weekday=6, start_time=time(8), end_time=time(12))  # Sunday
    call_command("generate_shifts", site=mission.site.slug, start=str(change_day), days=1)
    shift = Shift.objects.get()
    assert shift.local_starts_at.date() == change_day
    assert shift.local_starts_at.time() == time(8)
    assert shift.local_ends_at.time() == time(12)


def test_night_shift_ends_the_next_morning(mission):
    ShiftTemplateFactory(mission=mission, weekday=5, start_time=time(21), end_time=time(1))
    call_command("generate_shifts", site=mission.site.slug, start="2027-01-02", days=1)  # a Saturday
    shift = Shift.objects.get()
    assert shift.local_ends_at.date() == date(2027, 1, 3)
    assert (shift.ends_at - shift.starts_at).total_seconds() == 4 * 3600


def test_generating_twice_creates_nothing_twice(mission):
    for weekday in range(7):
        ShiftTemplateFactory(mission=mission, weekday=weekday)
    call_command("generate_shifts", site=mission.site.slug, start="2027-01-04", days=14)
    call_command("generate_shifts", site=mission.site.slug, start="2027-01-04", days=14)
    assert Shift.objects.count() == 14


def test_closed_days_are_skipped(mission):
    ShiftTemplateFactory(mission=mission, weekday=0)
    Closure.objects.create(site=mission.site, date=date(2027, 1, 4), reason="Strike")
    call_command("generate_shifts", site=mission.site.slug, start="2027-01-04", days=14)
    assert [d for d, _, _ in _local_times(mission.site)] == [date(2027, 1, 11)]


def test_unknown_site_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No site with slug 'nowhere'"):
        call_command("generate_shifts", site="nowhere", start="2027-01-04", days=1)


def test_bad_date_is_a_clear_error(mission):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("generate_shifts", site=mission.site.slug, start="04/01/2027", days=1)
