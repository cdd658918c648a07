"""The sign-up rule list (shifts/rules.py): one file per rule, each code. "Now" is pinned: 2031-06-10 12:00 in
Paris, the shifts judged are on 2031-06-14."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine

from shifts import services
from shifts.models import Signup
from tests.factories import ShiftFactory, SignupFactory, local_dt

NOW = local_dt(date(2031, 6, 10), time(12))
DAY = date(2031, 6, 14)


@pytest.fixture(autouse=True)
def pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def refused(volunteer, shift, *, by=None) -> services.SignupRefused:
    """The refusal sign_up gives, after checking it booked nothing."""
    before = Signup.objects.filter(volunteer=volunteer, shift=shift).count()
    with pytest.raises(services.SignupRefused) as caught:
        services.sign_up(volunteer=volunteer, shift=shift, by=by)
    assert Signup.objects.filter(volunteer=volunteer, shift=shift).count() == before
    return caught.value


def shift_at(mission, start: time, hours: float, day: date = DAY, **fields):
    starts = local_dt(day, start)
    return ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=hours), **fields)


def booked(volunteer, shift, **fields) -> Signup:
    """A confirmed seat written directly (arranging data, not testing the rules)."""
    fields.setdefault("status", Signup.Status.CONFIRMED)
    return SignupFactory(volunteer=volunteer, shift=shift, **fields)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return local_dt(day, time(hour, minute))
