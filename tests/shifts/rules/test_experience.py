from datetime import time, timedelta

import pytest

from shifts import services
from shifts.models import Signup
from tests.factories import VolunteerFactory

from .conftest import NOW, booked, refused, shift_at

pytestmark = pytest.mark.django_db


def worked(person, mission, times, attendance=Signup.Attendance.PRESENT):
    for n in range(times):
        day = (NOW - timedelta(days=2 + n)).date()
        booked(person, shift_at(mission, time(10), 2, day=day), attendance=attendance)


def test_too_few_shifts_attended_is_refused_with_how_many_to_go(mission):
    mission.min_experience = 3
    mission.save()
    person = VolunteerFactory()
    worked(person, mission, 1)
    worked(person, mission, 2, attendance=Signup.Attendance.NO_SHOW)
    error = refused(person, shift_at(mission, time(10), 4))
    assert error.code == "experience"
    assert "2 more to go" in error.messages[0]


def test_enough_shifts_attended(mission):
    mission.min_experience = 3
    mission.save()
    person = VolunteerFactory()
    worked(person, mission, 3)
    assert services.sign_up(volunteer=person, shift=shift_at(mission, time(10), 4)).pk
