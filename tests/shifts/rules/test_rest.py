"""Site.rest_after_night_hours (0: none): after a shift ending 22:00-06:00 local, that rest before the next,
code rest."""

from datetime import date, time

import pytest

from shifts import services
from tests.factories import VolunteerFactory

from .conftest import DAY, booked, refused, shift_at

pytestmark = pytest.mark.django_db

EVE = date(2031, 6, 13)


@pytest.fixture
def nine_hours(calais):
    calais.rest_after_night_hours = 9
    calais.save()
    return calais


def test_a_shift_too_soon_after_a_night_is_refused(mission, nine_hours):
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(22), 4, day=EVE))  # ends 02:00 on DAY
    error = refused(person, shift_at(mission, time(10), 4))
    assert error.code == "rest"
    assert "9 hours of rest" in error.messages[0]


def test_the_full_rest_is_enough(mission, nine_hours):
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(22), 4, day=EVE))
    assert services.sign_up(volunteer=person, shift=shift_at(mission, time(11), 4)).pk


def test_booking_the_night_before_a_morning_shift_is_refused_too(mission, nine_hours):
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(8), 4))
    assert refused(person, shift_at(mission, time(22), 4, day=EVE)).code == "rest"


def test_ending_at_22_is_a_night_and_at_21_59_is_not(mission, nine_hours):
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(18), 4, day=EVE))  # ends 22:00
    assert refused(person, shift_at(mission, time(6), 2)).code == "rest"
    other = VolunteerFactory()
    booked(other, shift_at(mission, time(17, 59), 4, day=EVE))  # ends 21:59
    assert services.sign_up(volunteer=other, shift=shift_at(mission, time(6), 2)).pk


def test_zero_means_no_rest_asked(mission):
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(22), 4, day=EVE))
    assert services.sign_up(volunteer=person, shift=shift_at(mission, time(2), 4, day=DAY)).pk


def test_a_coordinator_books_past_it(mission, nine_hours, coordinator):
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(22), 4, day=EVE))
    assert services.sign_up(volunteer=person, shift=shift_at(mission, time(8), 4), by=coordinator).pk
