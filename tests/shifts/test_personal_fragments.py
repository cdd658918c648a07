"""A person's own pages (my shifts, their calendar feed) are kept per person (shifts/fragments.py): any change
to their sign-ups, shifts, waiting places or calendar link shows on the next request, and other people's
sign-ups elsewhere leave them kept."""

import re
from datetime import time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shifts import fragments, services
from shifts.volunteer import calendar
from tests.factories import MissionFactory, ShiftFactory, VolunteerFactory, local_dt

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
    new = calendar.regenerate_token(volunteer=volunteer)
    page = me.get("/me/shifts/").text
    assert new in page and old not in page


def test_each_request_gets_its_own_working_csrf_field(volunteer, mission):
    shift = ShiftFactory(mission=mission, starts_at=soon())
    services.sign_up(volunteer=volunteer, shift=shift)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)
    browser.get("/me/shifts/")
    page = browser.get("/me/shifts/").text  # kept
    assert "<!--csrf-->" not in page
    token = re.search(
        r'action="/shifts/\d+/cancel/">\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', page
    )
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


def test_someone_else_signing_up_elsewhere_keeps_my_pages(volunteer, mission):
    mine = fragments.personal_key("probe", volunteer.pk)
    services.sign_up(volunteer=VolunteerFactory(), shift=ShiftFactory(mission=mission, starts_at=soon()))
    assert fragments.personal_key("probe", volunteer.pk) == mine
    services.sign_up(volunteer=volunteer, shift=ShiftFactory(mission=mission, starts_at=soon(5)))
    assert fragments.personal_key("probe", volunteer.pk) != mine


def test_logging_in_keeps_the_pages(client, volunteer):
    shared, mine = fragments.current_key("probe"), fragments.personal_key("probe", volunteer.pk)
    client.force_login(volunteer)  # saves last_login, which no page shows
    assert (fragments.current_key("probe"), fragments.personal_key("probe", volunteer.pk)) == (shared, mine)
    volunteer.first_name = "Vero"
    volunteer.save()
    assert fragments.current_key("probe") != shared
    assert fragments.personal_key("probe", volunteer.pk) != mine
