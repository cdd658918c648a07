"""Closures: one per day and site (or mission), within a year back and two years ahead, on every path."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sites.models import Closure

pytestmark = pytest.mark.django_db


def _close(client, day, **extra):
    return client.post("/roster/calais/closures/", {"date": day.isoformat(), **extra}, follow=True)


def test_a_second_whole_site_closure_of_a_day_is_refused_with_a_message(coordinator_client, calais):
    day = timezone.localdate() + timedelta(days=10)
    assert "Closed on" in _close(coordinator_client, day).text
    assert "This day is already closed." in _close(coordinator_client, day).text
    assert Closure.objects.filter(site=calais, date=day).count() == 1


@pytest.mark.parametrize("offset", [-400, 3 * 365])
def test_closures_far_in_the_past_or_future_are_refused_on_the_roster(coordinator_client, calais, offset):
    response = _close(coordinator_client, timezone.localdate() + timedelta(days=offset))
    assert "between a year ago and two years ahead" in response.text
    assert not Closure.objects.exists()


def test_closures_far_ahead_are_refused_in_admin_too(admin_client_, calais):
    day = timezone.localdate() + timedelta(days=3 * 365)
    response = admin_client_.post(reverse("admin:sites_closure_add"), {"site": calais.pk, "date": day.isoformat()})
    assert response.status_code == 200
    assert "between a year ago and two years ahead" in response.text
    assert not Closure.objects.exists()
