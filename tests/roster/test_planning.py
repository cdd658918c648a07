"""Planning from the roster: generating from templates (clock changes, idempotent), closures, the week grid."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shifts.models import Shift
from sites.models import Closure
from tests.factories import MissionFactory, ShiftTemplateFactory

from .conftest import confirmed, make_shift, messages_of

pytestmark = pytest.mark.django_db


def _generate(client, start: date, days: int):
    return client.post(
        reverse("roster:generate", args=["calais"]), {"start": start.isoformat(), "days": days}, follow=True
    )


@pytest.mark.parametrize("change_day", [date(2027, 3, 28), date(2027, 10, 31)])
def test_generating_from_the_roster_keeps_08_00_across_clock_changes(coordinator_client, mission, change_day):
    ShiftTemplateFactory(mission=mission, weekday=change_day.weekday(), start_time=time(8), end_time=time(12))
    response = _generate(coordinator_client, change_day - timedelta(days=7), 14)
    assert "2 shifts created" in messages_of(response)[-1]
    shifts = list(Shift.objects.order_by("starts_at"))
    assert [s.local_starts_at.date() for s in shifts] == [change_day - timedelta(days=7), change_day]
    assert all(s.local_starts_at.time() == time(8) and s.local_ends_at.time() == time(12) for s in shifts)
    # The UTC hour differs across the change: the local hour does not.
    assert shifts[0].starts_at.utcoffset() == shifts[1].starts_at.utcoffset() == timedelta(0)
    assert shifts[0].starts_at.hour != shifts[1].starts_at.hour
    html = coordinator_client.get(reverse("roster:day", args=["calais", change_day.isoformat()])).text
    assert "08:00" in html and "12:00" in html


def test_generating_twice_from_the_roster_creates_nothing_twice(coordinator_client, mission):
    for weekday in range(7):
        ShiftTemplateFactory(mission=mission, weekday=weekday)
    _generate(coordinator_client, date(2027, 1, 4), 14)
    response = _generate(coordinator_client, date(2027, 1, 4), 14)
    assert "0 shifts created, 14 already there" in messages_of(response)[-1]
    assert Shift.objects.count() == 14


def test_generate_refuses_bad_input(coordinator_client, mission):
    ShiftTemplateFactory(mission=mission)
    response = coordinator_client.post(
        reverse("roster:generate", args=["calais"]), {"start": "2027-01-04", "days": 0}, follow=True
    )
    assert "number of days" in messages_of(response)[-1]
    assert not Shift.objects.exists()


def test_a_closure_from_the_roster_skips_that_day(coordinator_client, mission):
    ShiftTemplateFactory(mission=mission, weekday=0)
    response = coordinator_client.post(
        reverse("roster:add_closure", args=["calais"]), {"date": "2027-01-04", "reason": "Strike"}, follow=True
    )
    assert "Closed on 2027-01-04" in messages_of(response)[-1]
    assert Closure.objects.get().reason == "Strike"
    again = coordinator_client.post(reverse("roster:add_closure", args=["calais"]), {"date": "2027-01-04"}, follow=True)
    assert "already closed" in messages_of(again)[-1]
    _generate(coordinator_client, date(2027, 1, 4), 14)
    assert [s.local_starts_at.date() for s in Shift.objects.all()] == [date(2027, 1, 11)]


def test_a_closure_for_one_mission(coordinator_client, mission, calais):
    other = MissionFactory(site=calais)
    ShiftTemplateFactory(mission=mission, weekday=0)
    ShiftTemplateFactory(mission=other, weekday=0)
    coordinator_client.post(reverse("roster:add_closure", args=["calais"]), {"date": "2027-01-04", "mission": other.pk})
    _generate(coordinator_client, date(2027, 1, 4), 1)
    assert list(Shift.objects.values_list("mission_id", flat=True)) == [mission.pk]


def test_week_grid_shows_fill_levels_readable_without_colour(coordinator_client, mission, calais):
    today = timezone.localdate()
    day = today + timedelta(days=2)
    full = make_shift(mission, day=day, start=time(8), capacity=1)
    confirmed(full)
    short = make_shift(mission, day=day, start=time(14), capacity=4)
    confirmed(short)
    make_shift(mission, day=day, start=time(18), capacity=2, is_cancelled=True)
    response = coordinator_client.get(reverse("roster:week", args=["calais"]))
    assert response.status_code == 200
    html = response.text
    cell_link = reverse("roster:day", args=["calais", day.isoformat()])
    cell = html[html.index(f'<a href="{cell_link}">\n') :][:300]
    assert "2/5" in cell and "3 missing" in cell
    assert "fill-bad" in html or "fill-warn" in html
    # One mission, seven days, one with shifts: six empty cells, in the day-by-day list and in the grid.
    assert response.text.count("no shift") == 12


def test_week_query_count_is_flat(client, coordinator, mission, query_budget):
    client.force_login(coordinator)
    today = timezone.localdate()
    for offset in range(7):
        for hour in range(8, 20):
            confirmed(make_shift(mission, day=today + timedelta(days=offset), start=time(hour)))
    with query_budget(10):
        assert client.get(reverse("roster:week", args=["calais"])).status_code == 200
