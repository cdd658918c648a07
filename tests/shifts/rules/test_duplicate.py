from datetime import time

import pytest

from shifts import services
from shifts.models import Signup
from tests.factories import VolunteerFactory

from .conftest import booked, refused, shift_at

pytestmark = pytest.mark.django_db


def test_twice_on_one_shift_is_refused(mission):
    person, shift = VolunteerFactory(), shift_at(mission, time(10), 4)
    booked(person, shift, status=Signup.Status.WAITLISTED)
    error = refused(person, shift)
    assert error.code == "duplicate"
    assert error.messages == ["You are already signed up for this shift."]


def test_again_after_cancelling_is_fine(mission):
    person, shift = VolunteerFactory(), shift_at(mission, time(10), 4)
    booked(person, shift, status=Signup.Status.CANCELLED)
    assert services.sign_up(volunteer=person, shift=shift).status == Signup.Status.CONFIRMED
