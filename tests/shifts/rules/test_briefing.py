"""A first shift at a site that asks for a briefing needs one on or before that day (code briefing)."""

from datetime import time

import pytest
from django.utils import timezone

from shifts import services
from shifts.models import BriefingWaiver
from tests.factories import MissionFactory, VolunteerFactory

from .conftest import DAY, NOW, booked, refused, shift_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing_mission(calais):
    calais.requires_briefing = True
    calais.save()
    return MissionFactory(site=calais, name="Briefing", slug="briefing", is_briefing=True)


def test_a_first_shift_without_briefing_is_refused(mission, briefing_mission):
    error = refused(VolunteerFactory(), shift_at(mission, time(10), 4))
    assert error.code == "briefing"
    assert "briefing" in error.messages[0]


def test_a_briefing_the_same_day_is_enough(mission, briefing_mission):
    person = VolunteerFactory()
    booked(person, shift_at(briefing_mission, time(9), 0.5))
    assert services.sign_up(volunteer=person, shift=shift_at(mission, time(10), 4)).pk


def test_a_briefing_the_day_after_is_not(mission, briefing_mission):
    person = VolunteerFactory()
    booked(person, shift_at(briefing_mission, time(9), 0.5, day=DAY.replace(day=15)))
    assert refused(person, shift_at(mission, time(10), 4)).code == "briefing"


def test_earlier_work_or_a_waiver_is_enough(mission, briefing_mission, coordinator):
    worked = VolunteerFactory()
    booked(worked, shift_at(mission, time(10), 2, day=NOW.date()))
    assert services.sign_up(volunteer=worked, shift=shift_at(mission, time(10), 4)).pk
    waived = VolunteerFactory()
    BriefingWaiver.objects.create(volunteer=waived, site=mission.site, reason="Came before", created_at=timezone.now())
    assert services.sign_up(volunteer=waived, shift=shift_at(mission, time(10), 4)).pk
