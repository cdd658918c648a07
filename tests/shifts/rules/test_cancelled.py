from datetime import time

import pytest

from tests.factories import VolunteerFactory

from .conftest import refused, shift_at

pytestmark = pytest.mark.django_db


def test_a_cancelled_shift_is_refused(mission):
    error = refused(VolunteerFactory(), shift_at(mission, time(10), 4, is_cancelled=True))
    assert error.code == "cancelled"
    assert error.messages == ["This shift has been cancelled."]
