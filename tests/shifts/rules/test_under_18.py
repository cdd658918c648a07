from datetime import date, time

import pytest
from django.utils.formats import date_format

from shifts import services
from tests.factories import VolunteerFactory

from .conftest import DAY, refused, shift_at

pytestmark = pytest.mark.django_db


def test_seventeen_on_the_shift_day_is_refused(mission):
    error = refused(VolunteerFactory(birth_date=date(2013, 6, 15)), shift_at(mission, time(10), 4))
    assert error.code == "under_18"
    assert date_format(DAY, "DATE_FORMAT") in error.messages[0]


def test_eighteen_on_the_shift_day_is_enough(mission):
    signup = services.sign_up(
        volunteer=VolunteerFactory(birth_date=date(2013, 6, 14)), shift=shift_at(mission, time(10), 4)
    )
    assert signup.pk
