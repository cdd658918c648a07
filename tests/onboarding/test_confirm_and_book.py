"""The confirmation link of a newcomer who registered from a shift's page: one tap confirms, logs in and books
that shift (shifts.onboarding.confirm); a second button only confirms; opening the link books nobody."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shifts.models import Signup
from tests.factories import ShiftFactory
from tests.volunteers.test_confirm_email import mandatory, register_from  # noqa: F401 (a fixture)
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def open_link(link: str):
    browser = Client()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page = browser.get(path)
    next_page = re.search(r'name="next" value="([^"]*)"', page.text).group(1)
    return browser, page, path.split("?")[0], next_page


def test_one_tap_confirms_logs_in_and_books_the_shift(client, mission):
    shift = ShiftFactory(mission=mission, capacity=3)
    browser, page, action, next_page = open_link(register_from(client, f"/shifts/{shift.pk}/"))
    assert "Confirm and sign up for Warehouse sorting at Calais" in page.text
    assert not Signup.objects.exists()  # opening the link (a mail scanner) books nobody

    response = browser.post(action, {"next": next_page, "book": "1"}, follow=True)

    person = Volunteer.objects.get(email="maria.schmidt@example.org")
    assert response.redirect_chain[-1][0] == f"/shifts/{shift.pk}/"
    assert Signup.objects.get(shift=shift, volunteer=person).status == Signup.Status.CONFIRMED
    assert "You are booked" in response.text and response.context["user"] == person


def test_only_confirming_books_nothing(client, mission):
    shift = ShiftFactory(mission=mission)
    browser, _page, action, next_page = open_link(register_from(client, f"/shifts/{shift.pk}/"))
    browser.post(action, {"next": next_page})
    assert not Signup.objects.exists()


def test_a_refusal_lands_on_the_shift_with_its_step(client, mission):
    night_start = timezone.now().replace(hour=20, minute=0, second=0, microsecond=0) + timedelta(days=3)
    night = ShiftFactory(mission=mission, starts_at=night_start, ends_at=night_start + timedelta(hours=5))
    browser, _page, action, next_page = open_link(register_from(client, f"/shifts/{night.pk}/"))
    response = browser.post(action, {"next": next_page, "book": "1"}, follow=True)
    assert not Signup.objects.exists()
    assert "someone we can call" in response.text and 'name="emergency_contact_name"' in response.text


def test_a_page_other_than_a_shift_offers_no_booking(client):
    _browser, page, _action, _next = open_link(register_from(client, "/shifts/"))
    assert "Confirm and sign up" not in page.text
