from datetime import date, time

import pytest

from shifts import services
from tests.factories import VolunteerFactory, grant, requiring

from .conftest import DAY, refused, shift_at

pytestmark = pytest.mark.django_db


def test_a_missing_qualification_is_named(mission):
    requiring(mission, "driving-licence")
    error = refused(VolunteerFactory(), shift_at(mission, time(10), 4))
    assert error.code == "qualification"
    assert "Driving licence" in error.messages[0]


def test_a_check_expiring_before_the_shift_does_not_count(mission):
    requiring(mission, "safeguarding")
    person = VolunteerFactory()
    grant(person, "safeguarding", granted_on=date(2031, 1, 1), valid_until=date(2031, 6, 13))
    assert refused(person, shift_at(mission, time(10), 4)).code == "qualification"


def test_valid_on_the_shift_day_is_enough(mission):
    requiring(mission, "safeguarding")
    person = VolunteerFactory()
    grant(person, "safeguarding", granted_on=date(2031, 1, 1), valid_until=DAY)
    assert services.sign_up(volunteer=person, shift=shift_at(mission, time(10), 4)).pk
