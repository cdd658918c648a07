"""Site.max_hours_per_day (0: no limit): the shifts starting on one local day, at any site, code too_many_hours."""

from datetime import time

import pytest

from shifts import services
from tests.factories import MissionFactory, VolunteerFactory

from .conftest import DAY, booked, refused, shift_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def ten_hours(calais):
    calais.max_hours_per_day = 10
    calais.save()
    return calais


def test_more_hours_than_the_site_allows_is_refused(mission, ten_hours, chapelle):
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(6), 4))
    booked(person, shift_at(MissionFactory(site=chapelle), time(15), 3))  # another site counts too
    error = refused(person, shift_at(mission, time(10), 4))
    assert error.code == "too_many_hours"
    assert "11 hours" in error.messages[0] and "at most 10" in error.messages[0]


def test_exactly_the_limit_is_fine(mission, ten_hours):
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(6), 4))
    booked(person, shift_at(mission, time(15), 2))
    assert services.sign_up(volunteer=person, shift=shift_at(mission, time(10), 4)).pk


def test_a_shift_on_the_day_before_does_not_count(mission, ten_hours):
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(8), 8, day=DAY.replace(day=13)))
    assert services.sign_up(volunteer=person, shift=shift_at(mission, time(10), 8)).pk


def test_zero_means_no_limit(mission):
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(0), 10))
    assert services.sign_up(volunteer=person, shift=shift_at(mission, time(10), 12)).pk


def test_a_coordinator_books_past_it(mission, ten_hours, coordinator):
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(6), 4))
    assert services.sign_up(volunteer=person, shift=shift_at(mission, time(10), 8), by=coordinator).pk


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sign_ups_racing_past_the_limit_get_one(calais):
    from functools import partial

    from shifts.models import Signup
    from tests.factories import MissionFactory
    from tests.shifts.test_signup_race import race

    calais.max_hours_per_day = 10
    calais.save()
    mission = MissionFactory(site=calais)
    for attempt in range(3):
        person = VolunteerFactory()
        morning, evening = shift_at(mission, time(6), 6), shift_at(mission, time(14), 6)
        results = race(
            partial(services.sign_up, volunteer=person, shift=morning),
            partial(services.sign_up, volunteer=person, shift=evening),
        )
        assert Signup.objects.filter(volunteer=person).count() == 1, attempt
        assert [r.code for r in results if isinstance(r, services.SignupRefused)] == ["too_many_hours"], results
