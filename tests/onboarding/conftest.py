"""Fixtures for onboarding: a published charter, a site that asks for a briefing, and its daily briefing."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from shifts.models import Signup
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, local_dt
from volunteers import charter as charters
from volunteers.models import Charter


def publish(version: int, text: str = "Be kind.\nNo photos without consent.", **extra) -> Charter:
    return charters.publish_charter(charter=Charter.objects.create(version=version, text=text, **extra))


@pytest.fixture
def charter(db):
    return publish(1, text_fr="Soyez bienveillants.\nPas de photo sans accord.")


@pytest.fixture
def shift_day():
    return timezone.localdate() + timedelta(days=3)


@pytest.fixture
def briefing_mission(calais):
    calais.requires_briefing = True
    calais.save()
    return MissionFactory(site=calais, name="Briefing", slug="briefing", is_briefing=True)


@pytest.fixture
def briefing(briefing_mission, shift_day):
    """The 9:30 briefing on the shift's day."""
    return ShiftFactory(
        mission=briefing_mission,
        starts_at=local_dt(shift_day, time(9, 30)),
        ends_at=local_dt(shift_day, time(10)),
        capacity=10,
    )


@pytest.fixture
def first_shift(mission, briefing_mission, shift_day):
    """A warehouse shift at Calais (which asks for a briefing), 10:00-14:00 on the shift's day."""
    return ShiftFactory(mission=mission, starts_at=local_dt(shift_day, time(10)), ends_at=local_dt(shift_day, time(14)))


def attended(volunteer, mission, count: int) -> None:
    """`count` past shifts of `mission` that `volunteer` was marked present on."""
    for days in range(1, count + 1):
        starts = timezone.now() - timedelta(days=days * 2)
        past = ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=2))
        SignupFactory(
            shift=past, volunteer=volunteer, status=Signup.Status.CONFIRMED, attendance=Signup.Attendance.PRESENT
        )
