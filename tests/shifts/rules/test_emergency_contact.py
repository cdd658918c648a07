"""A night shift (ending 22:00-06:00 local) or a mission with needs_safe_return needs the person's emergency
contact, code emergency_contact; a coordinator's booking is not refused."""

from datetime import time

import pytest
from django.utils import translation

from shifts import services
from tests.factories import VolunteerFactory

from .conftest import refused, shift_at

pytestmark = pytest.mark.django_db


def without_contact(**fields):
    return VolunteerFactory(emergency_contact_name="", emergency_contact_phone="", **fields)


@pytest.mark.parametrize(("start", "hours"), [(time(18), 4), (time(20), 6), (time(22), 8)])
def test_a_night_shift_without_an_emergency_contact_is_refused(mission, start, hours):
    error = refused(without_contact(), shift_at(mission, start, hours))
    assert error.code == "emergency_contact"
    assert "someone we can call" in error.messages[0]


def test_a_maraude_without_an_emergency_contact_is_refused_by_day_too(mission):
    mission.needs_safe_return = True
    mission.save()
    assert refused(without_contact(), shift_at(mission, time(10), 4)).code == "emergency_contact"


def test_a_name_without_a_phone_is_not_enough(mission):
    person = VolunteerFactory(emergency_contact_name="Dominique", emergency_contact_phone="")
    assert refused(person, shift_at(mission, time(20), 4)).code == "emergency_contact"


def test_a_day_shift_needs_none(mission):
    assert services.sign_up(
        volunteer=without_contact(),
        shift=shift_at(
            mission,
            time(16),
            5,
        ),
    ).pk


def test_with_a_contact_the_night_is_booked(mission):
    assert services.sign_up(volunteer=VolunteerFactory(), shift=shift_at(mission, time(20), 4)).pk


def test_a_coordinator_booking_someone_is_not_refused(mission, coordinator):
    booked = services.sign_up(volunteer=without_contact(), shift=shift_at(mission, time(20), 4), by=coordinator)
    assert booked.pk


def test_the_refusal_is_said_in_french(mission):
    with translation.override("fr"):
        error = refused(without_contact(), shift_at(mission, time(20), 4))
    assert "personne à prévenir" in error.messages[0]
