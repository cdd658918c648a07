"""Stays across a clock change: nights, shifts and "the same shift every day" go by the site's local days."""

from datetime import UTC, time, timedelta

import pytest

from shifts.services import sign_up, sign_up_many
from stays import selectors, services
from tests.factories import VolunteerFactory
from tests.shifts.test_my_shifts_and_feed import next_clock_change

from .conftest import shift_on

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("month", [3, 10])
def test_the_same_shift_every_day_across_the_clock_change(calais, bungalows, mission, month):
    change = next_clock_change(month)
    person = VolunteerFactory()
    shifts = [shift_on(mission, change + timedelta(days=offset), time(8)) for offset in (-2, -1, 0, 1, 2)]
    assert shifts[0].starts_at.astimezone(UTC).hour != shifts[-1].starts_at.astimezone(UTC).hour
    stay = services.plan_stay(
        volunteer=person,
        site=calais,
        arrives_on=change - timedelta(days=2),
        leaves_on=change + timedelta(days=2),
        needs_bed=False,
    )

    found = selectors.matching_shifts(stay=stay, slot=selectors.slot_of(shifts[0]))

    # 08:00 local every day, although the UTC hour moves with the clocks.
    assert [found[day].pk for day in sorted(found)] == [shift.pk for shift in shifts]
    outcomes = sign_up_many(volunteer=person, shifts=list(found.values()))
    assert all(not isinstance(outcome, Exception) for _shift, outcome in outcomes)
    # Every night now has a shift that day: the same dates with a bed hold four nights, the change's included.
    services.cancel_stay(stay=stay)
    with_bed = services.plan_stay(
        volunteer=person,
        site=calais,
        arrives_on=change - timedelta(days=2),
        leaves_on=change + timedelta(days=2),
        needs_bed=True,
    )
    assert sorted(with_bed.bed_nights.values_list("night", flat=True)) == [
        change + timedelta(days=offset) for offset in (-2, -1, 0, 1)
    ]
    assert selectors.flagged_nights(calais, change - timedelta(days=2)) == []


def test_a_shift_just_after_midnight_local_backs_the_night_before(calais, bungalows, mission):
    # 00:30 in Paris the day after the spring change is 22:30 UTC the day before: it is still the next
    # day's shift there, which backs the night before it (the day after) and its own night.
    change = next_clock_change(3)
    person = VolunteerFactory()
    shift = shift_on(mission, change + timedelta(days=1), time(0, 30))
    assert shift.starts_at.astimezone(UTC).date() == change
    sign_up(volunteer=person, shift=shift)
    stay = services.plan_stay(
        volunteer=person, site=calais, arrives_on=change, leaves_on=change + timedelta(days=2), needs_bed=True
    )
    assert stay.bed_nights.count() == 2
    # The night before the change is not backed by it.
    with pytest.raises(services.StayRefused) as caught:
        services.change_stay(stay=stay, arrives_on=change - timedelta(days=1), leaves_on=change + timedelta(days=2))
    assert caught.value.code == "no_shift"
