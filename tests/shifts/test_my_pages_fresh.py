"""A person's own pages (my shifts, their calendar feed) render from the database: any change to their
sign-ups, shifts, waiting places or calendar link shows on the next request; an unchanged feed is answered 304."""

import re
from datetime import time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shifts import services
from tests.factories import MissionFactory, ShiftFactory, VolunteerFactory, local_dt
from volunteers.services import regenerate_calendar_token

pytestmark = pytest.mark.django_db


def soon(days=2, hour=10):
    return local_dt(timezone.localdate() + timedelta(days=days), time(hour))


@pytest.fixture
def me(client, volunteer):
    client.force_login(volunteer)
    return client


def test_my_shifts_shows_a_new_sign_up_and_a_moved_shift(
    me, volunteer, mission, coordinator, django_capture_on_commit_callbacks
):
    first = ShiftFactory(mission=mission, starts_at=soon(2, 10))
    services.sign_up(volunteer=volunteer, shift=first)
    assert "10:00–14:00" in me.get("/me/shifts/").text

    # The people on a changed shift are looked up when the change commits (the test runs in a transaction).
    with django_capture_on_commit_callbacks(execute=True):
        services.update_shift(shift=first, by=coordinator, starts_at=soon(2, 11), ends_at=soon(2, 15))
    page = me.get("/me/shifts/").text
    assert "11:00–15:00" in page and "10:00–14:00" not in page

    kitchen = MissionFactory(site=mission.site, name="Kitchen")
    services.sign_up(volunteer=volunteer, shift=ShiftFactory(mission=kitchen, starts_at=soon(3)))
    assert "Kitchen" in me.get("/me/shifts/").text


def test_my_place_on_the_waiting_list_moves_when_someone_ahead_leaves(
    me, volunteer, mission, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(mission=mission, capacity=1, starts_at=soon())
    services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    ahead = services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    services.sign_up(volunteer=volunteer, shift=shift)
    assert "Waiting list: number 2" in me.get("/me/shifts/").text

    with django_capture_on_commit_callbacks(execute=True):  # those waiting are looked up at commit
        services.cancel(signup=ahead)

    assert "Waiting list: number 1" in me.get("/me/shifts/").text


def test_the_new_calendar_link_shows_at_once(me, volunteer):
    old = volunteer.calendar_token
    assert old in me.get("/me/shifts/").text
    new = regenerate_calendar_token(volunteer=volunteer)
    page = me.get("/me/shifts/").text
    assert new in page and old not in page


def test_each_request_gets_its_own_working_csrf_field(volunteer, mission):
    shift = ShiftFactory(mission=mission, starts_at=soon())
    services.sign_up(volunteer=volunteer, shift=shift)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)
    assert f"/shifts/{shift.pk}/cancel/" in browser.get("/me/shifts/").text
    page = browser.get(f"/shifts/{shift.pk}/cancel/?next=/me/shifts/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    response = browser.post(f"/shifts/{shift.pk}/cancel/", {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert "You have no shift coming up." in browser.get("/me/shifts/").text


def test_the_feed_shows_a_new_sign_up_and_a_renamed_mission(client, volunteer, mission):
    url = f"/calendar/{volunteer.calendar_token}.ics"
    services.sign_up(volunteer=volunteer, shift=ShiftFactory(mission=mission, starts_at=soon()))
    assert client.get(url).content.count(b"BEGIN:VEVENT") == 1
    services.sign_up(volunteer=volunteer, shift=ShiftFactory(mission=mission, starts_at=soon(4)))
    assert client.get(url).content.count(b"BEGIN:VEVENT") == 2

    mission.name = "Sorting at the warehouse"
    mission.save()
    assert b"Sorting at the warehouse" in client.get(url).content


def test_an_unchanged_feed_is_answered_304_and_a_change_moves_its_etag(client, volunteer, mission, query_budget):
    url = f"/calendar/{volunteer.calendar_token}.ics"
    services.sign_up(volunteer=volunteer, shift=ShiftFactory(mission=mission, starts_at=soon()))
    first = client.get(url)
    assert first.status_code == 200
    # The person, the sign-ups' aggregate and the stays' (stays are in the feed too): the body is not built.
    with query_budget(3):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    services.sign_up(volunteer=volunteer, shift=ShiftFactory(mission=mission, starts_at=soon(4)))
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert changed.content.count(b"BEGIN:VEVENT") == 2
