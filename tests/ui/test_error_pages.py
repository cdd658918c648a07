"""Custom 400/403/404/500 pages: they help the person, and leak nothing with DEBUG off."""

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ui.urls")]

LEAKS = ("Traceback", "secret-", "hunter2", "DATABASE", "SECRET_KEY", "settings.py", "site-packages", "Exception")


def assert_leaks_nothing(text):
    for leak in LEAKS:
        assert leak not in text, leak


def test_debug_is_off_in_these_tests():
    # Every other test here means something only because Django is not showing its debug pages.
    assert settings.DEBUG is False


def test_404_helps_find_the_way(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We cannot find this page" in response.text
    assert 'href="/shifts/"' in response.text
    assert '<main id="main"' in response.text
    assert_leaks_nothing(response.text)


def test_404_offers_my_shifts_when_logged_in(client, volunteer):
    client.force_login(volunteer)
    response = client.get("/no-such-page/")
    assert 'href="/me/shifts/"' in response.text


def test_403_offers_login_to_visitors_and_hides_the_reason(client):
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    assert "You cannot open this page" in response.text
    assert "/accounts/login/?next=/test-forbidden/" in response.text
    assert_leaks_nothing(response.text)


def test_403_tells_a_logged_in_volunteer_who_they_are(client, volunteer):
    client.force_login(volunteer)
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    assert "vera@example.org" in response.text
    assert "ask the coordinators" in response.text
    assert_leaks_nothing(response.text)


def test_400_page(client):
    response = client.get("/test-bad/")
    assert response.status_code == 400
    assert "We could not understand that request" in response.text
    assert_leaks_nothing(response.text)


def test_500_page_is_helpful_and_leaks_nothing():
    client = Client(raise_request_exception=False)
    response = client.get("/test-boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "My shifts" in response.text
    assert_leaks_nothing(response.text)


def test_500_renders_without_request_or_database(query_budget):
    # Django renders 500.html with no context at all: no request, no user, no context processors.
    with query_budget(exactly=0):
        html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert '<html lang="en"' in html
    assert "/static/css/utopia.css" in html


def test_expired_form_explains_what_to_do():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == 403
    assert "This form has expired" in response.text
    assert "Nothing was saved" in response.text
    assert "CSRF" not in response.text
    assert_leaks_nothing(response.text)


def test_500_page_speaks_french_to_french_readers():
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="fr")
    response = client.get("/test-boom/")
    assert response.status_code == 500
    assert '<html lang="fr"' in response.text
    assert "Une erreur s’est produite de notre côté" in response.text
