"""The language switch changes the page (a cookie on the device); the emails keep the profile's language."""

import pytest
from allauth.account.signals import user_signed_up
from django.conf import settings
from django.test import RequestFactory
from django.utils import translation

from tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


def test_visitor_switch_sets_the_cookie_and_goes_back(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/?site=calais"})
    assert response.status_code == 302
    assert response["Location"] == "/?site=calais"
    assert response.cookies[COOKIE].value == "fr"
    assert '<html lang="fr"' in client.get("/").text


def test_switch_refuses_to_redirect_off_site(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_logged_in_switch_changes_the_page_not_the_emails(client, volunteer):
    client.force_login(volunteer)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"}, follow=True)
    assert '<html lang="fr"' in response.text
    volunteer.refresh_from_db()
    assert volunteer.preferred_language == "en"
    assert "Vos e-mails restent en anglais." in response.text
    assert 'href="/me/#id_preferred_language"' in response.text


def test_a_switch_to_the_emails_language_says_nothing(client, volunteer):
    client.force_login(volunteer)
    client.cookies[COOKIE] = "fr"
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert "Your emails stay" not in response.text


def test_unknown_language_changes_nothing(client, volunteer):
    client.force_login(volunteer)
    client.cookies[COOKIE] = "en"
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert COOKIE not in response.cookies
    volunteer.refresh_from_db()
    assert volunteer.preferred_language == "en"


def test_logging_in_from_a_french_page_keeps_french(client):
    VolunteerFactory(email="frank@example.org", preferred_language="en")
    client.cookies[COOKIE] = "fr"
    response = client.post("/accounts/login/", {"login": "frank@example.org", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "fr"
    assert '<html lang="fr"' in client.get("/").text


def test_logging_in_from_an_english_page_keeps_english(client):
    VolunteerFactory(email="francoise@example.org", preferred_language="fr")
    client.cookies[COOKIE] = "en"
    response = client.post("/accounts/login/", {"login": "francoise@example.org", "password": "correct-horse-battery"})
    assert response.cookies[COOKIE].value == "en"
    assert '<html lang="en"' in client.get("/").text


def test_failed_login_keeps_the_visitor_language(client):
    VolunteerFactory(email="francoise@example.org", preferred_language="fr")
    client.cookies[COOKIE] = "en"
    response = client.post("/accounts/login/", {"login": "francoise@example.org", "password": "wrong"})
    assert COOKIE not in response.cookies


def test_a_new_device_gets_the_profile_language(client):
    francoise = VolunteerFactory(preferred_language="fr")
    client.force_login(francoise)
    response = client.get("/")
    assert '<html lang="fr"' in response.text
    assert response.cookies[COOKIE].value == "fr"


def test_the_device_cookie_wins_over_the_profile_after_login(client):
    francoise = VolunteerFactory(preferred_language="fr")
    client.force_login(francoise)
    client.cookies[COOKIE] = "en"
    response = client.get("/")
    assert '<html lang="en"' in response.text
    assert COOKIE not in response.cookies


def test_signup_keeps_the_language_the_newcomer_was_reading():
    newcomer = VolunteerFactory()
    with translation.override("fr"):
        user_signed_up.send(sender=type(newcomer), request=RequestFactory().get("/"), user=newcomer)
    newcomer.refresh_from_db()
    assert newcomer.preferred_language == "fr"


def test_signup_leaves_a_language_chosen_in_the_form():
    newcomer = VolunteerFactory(preferred_language="fr")
    with translation.override("en"):
        user_signed_up.send(sender=type(newcomer), request=RequestFactory().get("/"), user=newcomer)
    newcomer.refresh_from_db()
    assert newcomer.preferred_language == "fr"
