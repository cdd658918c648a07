from datetime import timedelta

import pytest

from shifts import services
from tests.factories import ShiftFactory, VolunteerFactory

from .conftest import NOW, refused

pytestmark = pytest.mark.django_db


def test_a_volunteer_cannot_join_a_started_shift(mission):
    shift = ShiftFactory(mission=mission, starts_at=NOW, ends_at=NOW + timedelta(hours=2))
    error = refused(VolunteerFactory(), shift)
    assert error.code == "started"
    assert "already started" in error.messages[0]


def test_a_coordinator_adds_a_walk_in_to_a_started_shift(mission, coordinator):
    shift = ShiftFactory(mission=mission, starts_at=NOW - timedelta(hours=1), ends_at=NOW + timedelta(hours=2))
    assert services.sign_up(volunteer=VolunteerFactory(), shift=shift, by=coordinator).pk


def test_a_shift_starting_in_a_minute_is_open(mission):
    shift = ShiftFactory(mission=mission, starts_at=NOW + timedelta(minutes=1), ends_at=NOW + timedelta(hours=2))
    assert services.sign_up(volunteer=VolunteerFactory(), shift=shift).pk
