from datetime import time

import pytest

from shifts import services
from shifts.models import Signup
from tests.factories import MissionFactory, VolunteerFactory

from .conftest import booked, refused, shift_at

pytestmark = pytest.mark.django_db


def test_an_overlap_at_another_site_is_refused_and_named(mission, chapelle):
    person = VolunteerFactory()
    booked(person, shift_at(MissionFactory(site=chapelle, name="Breakfast"), time(12), 4))
    error = refused(person, shift_at(mission, time(10), 4))
    assert error.code == "overlap"
    assert "Breakfast" in error.messages[0]


def test_adjacent_shifts_do_not_overlap(mission):
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(14), 4))
    assert services.sign_up(volunteer=person, shift=shift_at(mission, time(10), 4)).pk


def test_a_cancelled_booking_does_not_block(mission):
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(12), 4), status=Signup.Status.CANCELLED)
    assert services.sign_up(volunteer=person, shift=shift_at(mission, time(10), 4)).pk
