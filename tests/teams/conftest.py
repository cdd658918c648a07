"""Safe teams: the seeded qualifications, a minors' mission and a night maraude as seed_sites sets them up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shifts.messaging import sms
from sites.models import TeamNeed
from tests.factories import MissionFactory, ShiftFactory, VolunteerFactory, grant, qualification


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.UTOPIA_SMS_BACKEND = "shifts.messaging.sms.LocmemBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def minors(chapelle):
    mission = MissionFactory(site=chapelle, name="Accompanying minors", slug="minors-accompaniment", min_to_run=2)
    mission.required_qualifications.add(qualification("safeguarding"))
    return mission


@pytest.fixture
def night(calais):
    mission = MissionFactory(
        site=calais, name="Night maraude", name_fr="Maraude de nuit", slug="night-maraude", min_to_run=3,
        needs_safe_return=True,
    )  # fmt: skip
    TeamNeed.objects.create(mission=mission, qualification=qualification("team-lead"), count=1)
    TeamNeed.objects.create(mission=mission, qualification=qualification("driving-licence"), count=1)
    return mission


def person_with(*slugs, **fields):
    person = VolunteerFactory(**fields)
    for slug in slugs:
        grant(person, slug)
    return person


def shift_in(mission, hours: float, length: float = 4, **fields):
    starts = timezone.now() + timedelta(hours=hours)
    return ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=length), **fields)
