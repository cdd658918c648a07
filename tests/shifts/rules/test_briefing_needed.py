"""Cancelling the briefing a booked first shift depends on: refused to the person (code briefing_needed)."""

from datetime import time

import pytest

from shifts import services
from shifts.models import Signup
from shifts.roster.selectors import day_roster
from tests.factories import MissionFactory, VolunteerFactory

from .conftest import DAY, booked, shift_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing_mission(calais):
    calais.requires_briefing = True
    calais.save()
    return MissionFactory(site=calais, name="Briefing", slug="briefing", is_briefing=True)


@pytest.fixture
def newcomer(mission, briefing_mission):
    person = VolunteerFactory()
    shift_at(briefing_mission, time(9), 0.5, capacity=10)
    briefing, first = services.sign_up_with_briefing(volunteer=person, shift=shift_at(mission, time(10), 4))
    return person, briefing, first


def test_cancelling_the_briefing_of_a_booked_first_shift_is_refused(newcomer):
    person, briefing, first = newcomer
    with pytest.raises(services.SignupRefused) as caught:
        services.cancel(signup=briefing)
    assert caught.value.code == "briefing_needed"
    assert "Cancel that shift first" in caught.value.messages[0]
    briefing.refresh_from_db()
    assert briefing.status == Signup.Status.CONFIRMED


def test_after_cancelling_the_shift_the_briefing_can_go(newcomer):
    person, briefing, first = newcomer
    services.cancel(signup=first)
    assert services.cancel(signup=briefing).status == Signup.Status.CANCELLED


def test_another_briefing_by_then_lets_it_go(newcomer, briefing_mission):
    person, briefing, first = newcomer
    booked(person, shift_at(briefing_mission, time(8), 0.5))
    assert services.cancel(signup=briefing).status == Signup.Status.CANCELLED


def test_a_coordinator_may_and_the_roster_flags_the_first_shift(newcomer, coordinator, calais):
    person, briefing, first = newcomer
    services.cancel(signup=briefing, by=coordinator)
    rows = {s.pk: s for entry in day_roster(calais, DAY) for s in entry.confirmed}
    assert rows[first.pk].rule_flags == ["first shift here, no briefing"]
