from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shifts.models import Signup
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, VolunteerFactory, local_dt

FUTURE_DAY = timezone.localdate() + timedelta(days=3)


@pytest.fixture
def paris_mission(chapelle):
    return MissionFactory(site=chapelle, name="Breakfast", slug="breakfast")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


def make_shift(mission, *, day: date = FUTURE_DAY, start: time = time(10), hours: int = 3, capacity: int = 3, **kw):
    starts_at = local_dt(day, start)
    return ShiftFactory(
        mission=mission, starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), capacity=capacity, **kw
    )


def started_shift(mission, *, capacity: int = 3):
    starts_at = timezone.now() - timedelta(hours=1)
    return ShiftFactory(mission=mission, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), capacity=capacity)


def confirmed(shift, volunteer=None, **kw):
    """Arrange a confirmed seat directly (bypassing the rules), keeping the counter right."""
    signup = SignupFactory(shift=shift, volunteer=volunteer or VolunteerFactory(), status=Signup.Status.CONFIRMED, **kw)
    shift.confirmed_count += 1
    shift.save(update_fields=["confirmed_count"])
    return signup


def day_url(shift) -> str:
    site = shift.mission.site
    return reverse("roster:day", args=[site.slug, shift.local_starts_at.date().isoformat()])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
