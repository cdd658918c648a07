"""Pages with other people's data or a private link are never kept by a browser or a proxy."""

import pytest
from django.urls import reverse

from .conftest import FUTURE_DAY, confirmed, make_shift

pytestmark = pytest.mark.django_db


def test_roster_pages_say_private_no_store(coordinator_client, mission):
    shift = make_shift(mission)
    signup = confirmed(shift)
    day = FUTURE_DAY.isoformat()
    for url in [
        reverse("roster:day", args=["calais", day]),
        reverse("roster:day", args=["calais", day]) + "?print=1",
        reverse("roster:day_csv", args=["calais", day]),
        reverse("roster:assign", args=["calais", shift.pk]) + "?q=someone",
        reverse("roster:stats", args=["calais"]),
        reverse("roster:week", args=["calais"]),
        reverse("roster:signup", args=["calais", signup.pk]),
        reverse("roster:ask_for_help", args=["calais", shift.pk]),
    ]:
        response = coordinator_client.get(url)
        assert response.status_code == 200, url
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control, url


def test_my_shifts_says_private_no_store(client, volunteer):
    client.force_login(volunteer)
    response = client.get("/me/shifts/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
