from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from api import services as api_services
from shifts import services as shift_services
from tests.factories import MissionFactory, ShiftFactory, VolunteerFactory, local_dt

TOMORROW = timezone.localdate() + timedelta(days=1)


def make_shift(mission, day: date, start: time = time(9), *, hours: int = 3, capacity: int = 3, **kw):
    starts_at = local_dt(day, start)
    return ShiftFactory(
        mission=mission, starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), capacity=capacity, **kw
    )


@pytest.fixture
def warehouse(calais):
    return MissionFactory(site=calais, name="Warehouse sorting", name_fr="Tri", slug="warehouse")


@pytest.fixture
def breakfast(chapelle):
    return MissionFactory(site=chapelle, name="Breakfast", name_fr="Petit-déjeuner", slug="breakfast")


@pytest.fixture
def booked_shift(warehouse, volunteer):
    shift = make_shift(warehouse, TOMORROW, capacity=3)
    shift_services.sign_up(volunteer=volunteer, shift=shift)
    return shift


@pytest.fixture
def calais_token(coordinator):
    return api_services.create_token(volunteer=coordinator, name="site screen").token


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def paris_coordinator(chapelle):
    person = VolunteerFactory(first_name="Paul", last_name="Paris")
    chapelle.coordinators.add(person)
    return person
