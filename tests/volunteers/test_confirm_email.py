"""Confirming one's address logs a newcomer in and brings them back to the shift they chose, even when the link
is opened in another browser (the phone's mail app); the link works once and never leads off the site."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client, TestCase

from tests.factories import ShiftFactory
from volunteers.models import Volunteer

from .test_registration import SIGNUP_URL, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mandatory(settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"


def register_from(client, next_page: str) -> str:
    """Registers Maria from a page, returns the link of the confirmation email."""
    # Account emails go through the outbox: sent once the request's transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(SIGNUP_URL, {**form_data(), "next": next_page}, follow=True)
    assert "Verify Your Email Address" in response.text
    (message,) = mail.outbox
    return re.search(r"https?://[^\s\"<>]+/accounts/confirm-email/[^\s\"<>]+", message.body).group(0)


def confirm_elsewhere(link: str):
    other_browser = Client()
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = other_browser.get("/" + path)
    assert page.status_code == 200
    next_field = re.search(r'name="next" value="([^"]*)"', page.text)
    data = {"next": next_field.group(1)} if next_field else {}
    return other_browser, other_browser.post("/" + path.split("?")[0], data)


def test_the_link_logs_the_newcomer_in_and_returns_to_their_shift_in_another_browser(client, mission):
    shift = ShiftFactory(mission=mission)
    link = register_from(client, f"/shifts/{shift.pk}/")
    assert f"next=%2Fshifts%2F{shift.pk}%2F" in link

    browser, response = confirm_elsewhere(link)

    assert response.status_code == 302 and response["Location"] == f"/shifts/{shift.pk}/"
    person = Volunteer.objects.get(email="maria.schmidt@example.org")
    assert browser.get(f"/shifts/{shift.pk}/").context["user"] == person
    assert EmailAddress.objects.get(user=person).verified


def test_the_link_works_once(client, mission):
    link = register_from(client, "/shifts/")
    confirm_elsewhere(link)
    again = Client().get("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert "expired or is invalid" in again.text
    assert not again.context["user"].is_authenticated


def test_a_page_on_another_site_is_never_the_way_back(client):
    link = register_from(client, "https://evil.example/")
    assert "evil" not in link
    _, response = confirm_elsewhere(link)
    assert "evil" not in response["Location"]


def test_confirming_a_changed_address_logs_nobody_in(client, volunteer):
    volunteer.last_login = volunteer.date_joined
    volunteer.save()
    address = EmailAddress.objects.create(user=volunteer, email="vera.new@example.org", verified=False, primary=False)
    from allauth.account.models import EmailConfirmationHMAC

    key = EmailConfirmationHMAC(address).key
    other_browser = Client()
    other_browser.post(f"/accounts/confirm-email/{key}/")
    assert not other_browser.get("/").context["user"].is_authenticated
