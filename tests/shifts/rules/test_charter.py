from datetime import time

import pytest

from shifts import services
from tests.factories import VolunteerFactory
from volunteers import charter as charters
from volunteers.models import Charter

from .conftest import refused, shift_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(db):
    return charters.publish_charter(charter=Charter.objects.create(version=1, text="Be kind."))


def test_a_charter_not_accepted_refuses_ones_own_sign_up(mission, published):
    error = refused(VolunteerFactory(), shift_at(mission, time(10), 4))
    assert error.code == "charter"


def test_a_coordinator_books_them_anyway(mission, published, coordinator):
    assert services.sign_up(volunteer=VolunteerFactory(), shift=shift_at(mission, time(10), 4), by=coordinator).pk


def test_accepted_is_fine(mission, published):
    person = VolunteerFactory()
    charters.accept_charter(volunteer=person, charter=published)
    assert services.sign_up(volunteer=person, shift=shift_at(mission, time(10), 4)).pk


def test_no_charter_published_asks_nothing(mission):
    assert services.sign_up(volunteer=VolunteerFactory(), shift=shift_at(mission, time(10), 4)).pk
