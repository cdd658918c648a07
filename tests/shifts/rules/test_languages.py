from datetime import time

import pytest

from shifts import services
from tests.factories import VolunteerFactory

from .conftest import refused, shift_at

pytestmark = pytest.mark.django_db


def test_none_of_the_languages_is_refused(mission):
    mission.required_languages = ["ar", "ps"]
    mission.save()
    error = refused(VolunteerFactory(languages=["fr"]), shift_at(mission, time(10), 4))
    assert error.code == "languages"
    assert "Arabic" in error.messages[0]


def test_one_of_them_is_enough(mission):
    mission.required_languages = ["ar", "ps"]
    mission.save()
    assert services.sign_up(volunteer=VolunteerFactory(languages=["ps"]), shift=shift_at(mission, time(10), 4)).pk
