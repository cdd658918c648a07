"""The frame every page sits in: landmarks, navigation by role, messages, no inline code."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def nav_links(html):
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'href="([^"]+)"', nav)


def test_home_has_landmarks_skip_link_and_language(client):
    html = client.get("/").text
    assert re.search(r'<html lang="en" dir="ltr">', html)
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert '<a class="skip-link" href="#main">Skip to content</a>' in html
    assert 'id="messages" class="messages" role="status"' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_language_switch_is_a_plain_form_offering_the_other_language(client):
    html = client.get("/?site=calais").text
    form = re.search(r'<form class="lang-switch".*?</form>', html, re.S).group(0)
    assert 'action="/i18n/setlang/"' in form and 'method="post"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<input name="next" type="hidden" value="/?site=calais">' in form
    assert 'value="fr" lang="fr"' in form and "Français" in form
    assert 'value="en"' not in form


def test_visitor_sees_login_and_join(client):
    html = client.get("/").text
    assert nav_links(html) == ["/", "/shifts/", "/accounts/login/", "/accounts/signup/"]
    assert 'href="/" aria-current="page"' in html


def test_volunteer_sees_their_pages_and_logs_out_with_post(client, volunteer):
    client.force_login(volunteer)
    html = client.get("/").text
    assert nav_links(html) == ["/", "/shifts/", "/me/shifts/", "/me/"]
    assert re.search(r'<form class="inline-form" action="/accounts/logout/" method="post">', html)
    assert "Log in" not in html


def test_coordinator_sees_the_roster(client, coordinator):
    client.force_login(coordinator)
    assert nav_links(client.get("/").text) == ["/", "/shifts/", "/me/shifts/", "/me/", "/roster/"]


def test_admin_sees_roster_and_admin(client, admin_user):
    client.force_login(admin_user)
    assert nav_links(client.get("/").text) == ["/", "/shifts/", "/me/shifts/", "/me/", "/roster/", "/admin/"]


def test_no_inline_script_or_style(client, admin_user):
    # A strict Content-Security-Policy comes: scripts only from files, no style attributes.
    for html in (client.get("/").text, client.get("/no-such-page/").text):
        assert " style=" not in html
        assert "<style" not in html
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag
        assert not re.search(r"\son[a-z]+=", html)


def test_flash_messages_render_in_the_status_region(rf: RequestFactory, volunteer):
    request = rf.get("/")
    request.user = volunteer
    request.session = {}
    request._messages = FallbackStorage(request)
    messages.success(request, "You are signed up.")
    messages.error(request, "That shift is full.")
    html = render_to_string("base.html", request=request)
    region = re.search(r'<div id="messages".*?</div>', html, re.S).group(0)
    assert '<p class="message message-success">You are signed up.</p>' in region
    assert '<p class="message message-error">That shift is full.</p>' in region


def test_the_nav_costs_no_query_of_its_own(client, coordinator, volunteer, query_budget):
    # The person is loaded with whether they coordinate a site (volunteers.backends): the roster link
    # is decided without another query.
    from django.test import Client

    from volunteers.backends import ModelBackend

    loaded = ModelBackend().get_user(coordinator.pk)
    with query_budget(exactly=0):
        assert loaded.coordinates_a_site is True
    loaded = ModelBackend().get_user(volunteer.pk)
    with query_budget(exactly=0):
        assert loaded.coordinates_a_site is False
    # And a freshly made person (not loaded by the backend) still answers right.
    assert coordinator.coordinates_a_site is True
    other = Client()
    other.force_login(volunteer)
    assert "/roster/" not in nav_links(other.get("/").text)
