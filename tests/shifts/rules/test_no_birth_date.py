from datetime import time

import pytest

from tests.factories import VolunteerFactory

from .conftest import refused, shift_at

pytestmark = pytest.mark.django_db


def test_no_birth_date_is_refused_in_the_persons_words(mission):
    error = refused(VolunteerFactory(birth_date=None), shift_at(mission, time(10), 4))
    assert error.code == "no_birth_date"
    assert error.messages[0].startswith("We need your date of birth")


def test_a_coordinator_is_told_in_theirs(mission, coordinator):
    error = refused(VolunteerFactory(birth_date=None), shift_at(mission, time(10), 4), by=coordinator)
    assert error.messages[0].startswith("We need this person's date of birth")
