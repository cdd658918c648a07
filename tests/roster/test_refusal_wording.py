"""A coordinator booking someone reads refusals about that person, not about themselves."""

from datetime import timedelta

import pytest

from shifts import services
from tests.factories import ShiftFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def test_overlap_refusal_speaks_of_the_person_when_a_coordinator_books(mission, coordinator):
    person = VolunteerFactory()
    first = ShiftFactory(mission=mission)
    services.sign_up(volunteer=person, shift=first)
    second = ShiftFactory(mission=mission, starts_at=first.starts_at + timedelta(hours=1))
    with pytest.raises(services.SignupRefused) as by_coordinator:
        services.sign_up(volunteer=person, shift=second, by=coordinator)
    assert "This person is already booked at the same time" in by_coordinator.value.messages[0]
    with pytest.raises(services.SignupRefused) as by_themselves:
        services.sign_up(volunteer=person, shift=second)
    assert "You are already booked at the same time" in by_themselves.value.messages[0]


def test_duplicate_refusal_speaks_of_the_person_when_a_coordinator_books(mission, coordinator):
    person = VolunteerFactory()
    shift = ShiftFactory(mission=mission)
    services.sign_up(volunteer=person, shift=shift)
    with pytest.raises(services.SignupRefused, match="This person is already signed up"):
        services.sign_up(volunteer=person, shift=shift, by=coordinator)
