from datetime import time

import pytest
from django.utils import timezone

from tests.factories import VolunteerFactory

from .conftest import refused, shift_at

pytestmark = pytest.mark.django_db


def test_an_inactive_account_is_refused(mission, coordinator):
    error = refused(VolunteerFactory(is_active=False), shift_at(mission, time(10), 4), by=coordinator)
    assert error.code == "inactive"


def test_an_erased_account_is_refused(mission, coordinator):
    erased = VolunteerFactory(anonymised_at=timezone.now())
    assert refused(erased, shift_at(mission, time(10), 4), by=coordinator).code == "inactive"
