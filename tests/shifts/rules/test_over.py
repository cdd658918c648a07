from datetime import timedelta

import pytest

from shifts import services
from tests.factories import ShiftFactory, VolunteerFactory

from .conftest import NOW, refused

pytestmark = pytest.mark.django_db


def test_a_shift_over_is_refused_even_to_a_coordinator(mission, coordinator):
    shift = ShiftFactory(mission=mission, starts_at=NOW - timedelta(hours=5), ends_at=NOW - timedelta(minutes=1))
    assert refused(VolunteerFactory(), shift, by=coordinator).code == "over"


def test_a_shift_ending_now_is_over(mission):
    shift = ShiftFactory(mission=mission, starts_at=NOW - timedelta(hours=4), ends_at=NOW)
    assert refused(VolunteerFactory(), shift).code == "over"


def test_a_running_shift_is_not_over_for_a_coordinator(mission, coordinator):
    shift = ShiftFactory(mission=mission, starts_at=NOW - timedelta(hours=1), ends_at=NOW + timedelta(minutes=1))
    assert services.sign_up(volunteer=VolunteerFactory(), shift=shift, by=coordinator).pk
