"""sign_up_many: several shifts in one go, each through sign_up, one outcome each, in start order."""

from datetime import time, timedelta

import pytest

from shifts import services
from shifts.models import Shift, Signup
from tests.factories import MissionFactory, ShiftFactory, VolunteerFactory, local_dt, requiring
from tests.shifts.helpers import fill

pytestmark = pytest.mark.django_db

DAY = ShiftFactory.build().starts_at.date() + timedelta(days=3)


def on(mission, days: int, start=time(10), **kw):
    day = DAY + timedelta(days=days)
    return ShiftFactory(
        mission=mission, starts_at=local_dt(day, start), ends_at=local_dt(day, start) + timedelta(hours=3), **kw
    )


def test_a_mix_of_free_full_and_refused_shifts(mission, volunteer):
    free = on(mission, 0)
    full = on(mission, 1, capacity=1)
    fill(full, confirmed=1)
    cancelled = on(mission, 2, is_cancelled=True)
    licence = on(requiring(MissionFactory(site=mission.site), "driving-licence"), 3)
    also_free = on(mission, 4)

    # Given out of order: the outcomes come in start order.
    outcomes = services.sign_up_many(volunteer=volunteer, shifts=[also_free, licence, cancelled, full, free])

    assert [shift for shift, _outcome in outcomes] == [free, full, cancelled, licence, also_free]
    kinds = [outcome.status if isinstance(outcome, Signup) else outcome.code for _shift, outcome in outcomes]
    assert kinds == ["confirmed", "waitlisted", "cancelled", "qualification", "confirmed"]
    assert isinstance(outcomes[2][1], services.SignupRefused)
    # Nothing written for the refused ones; the counters are right for the others.
    assert set(Signup.objects.filter(volunteer=volunteer).values_list("shift_id", flat=True)) == {
        free.pk,
        full.pk,
        also_free.pk,
    }
    assert Shift.objects.get(pk=free.pk).confirmed_count == 1
    assert Shift.objects.get(pk=full.pk).confirmed_count == 1


def test_the_same_shift_twice_is_booked_once(mission, volunteer):
    shift = on(mission, 0)
    outcomes = services.sign_up_many(volunteer=volunteer, shifts=[shift, shift])
    assert len(outcomes) == 1
    assert Signup.objects.filter(volunteer=volunteer).count() == 1


def test_overlapping_shifts_in_one_go_take_the_first_and_refuse_the_other(mission, volunteer):
    first = on(mission, 0, start=time(9))
    second = on(mission, 0, start=time(10))
    outcomes = services.sign_up_many(volunteer=volunteer, shifts=[second, first])
    assert isinstance(outcomes[0][1], Signup) and outcomes[0][0] == first
    assert outcomes[1][1].code == "overlap"


def test_a_coordinator_books_many_for_someone(mission, coordinator):
    person = VolunteerFactory()
    outcomes = services.sign_up_many(volunteer=person, shifts=[on(mission, 0), on(mission, 1)], by=coordinator)
    assert all(signup.booked_by == coordinator for _shift, signup in outcomes)


def test_nothing_to_book_is_nothing(volunteer):
    assert services.sign_up_many(volunteer=volunteer, shifts=[]) == []
