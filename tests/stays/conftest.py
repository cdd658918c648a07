from datetime import date, time, timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from shifts.models import Shift, Signup
from tests.factories import AccommodationFactory, ShiftFactory, SignupFactory, local_dt

ARRIVAL = timezone.localdate() + timedelta(days=5)


@pytest.fixture
def bungalows(calais):
    return AccommodationFactory(site=calais, name="Bungalows", beds=3)


def shift_on(mission, day: date, start: time = time(10), hours: int = 4, capacity: int = 5):
    return ShiftFactory(
        mission=mission,
        starts_at=local_dt(day, start),
        ends_at=local_dt(day, start) + timedelta(hours=hours),
        capacity=capacity,
    )


def working(person, mission, first: date, days: int, start: time = time(10)):
    """Give `person` a confirmed shift on each of `days` days from `first` (arranged, not through the rules)."""
    shifts = []
    for offset in range(days):
        shift = shift_on(mission, first + timedelta(days=offset), start)
        SignupFactory(shift=shift, volunteer=person, status=Signup.Status.CONFIRMED)
        Shift.objects.filter(pk=shift.pk).update(confirmed_count=F("confirmed_count") + 1)
        shifts.append(shift)
    return shifts
