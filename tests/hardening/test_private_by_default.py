"""Private by default (utopia/middleware.py): every response to a logged-in person says private, no-store,
unless its view is marked public; public cached answers keep their own headers."""

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from stays.models import Stay
from utopia.middleware import _is_public

pytestmark = pytest.mark.django_db

VALUES = {"IntConverter": 1, "SlugConverter": "calais", "StringConverter": "x", "PathConverter": "x"}


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def private_no_store(response) -> bool:
    return {"private", "no-store"} <= directives(response)


def named_patterns(patterns=None, namespace=""):
    """(name, converters, view) of every named URL pattern, from the resolver."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for name, converters, view in named_patterns(entry.url_patterns, inner):
                yield name, {**entry.pattern.converters, **converters}, view
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern.converters, entry.callback


def sample_kwargs(converters) -> dict:
    # A converter of our own (utopia.inputs.DayConverter) takes a day.
    return {key: VALUES.get(type(converter).__name__, "2030-01-15") for key, converter in converters.items()}


def test_every_page_answers_a_logged_in_person_private_no_store(client, admin_user, calais):
    client.force_login(admin_user)
    checked = []
    for name, converters, view in named_patterns():
        if name.startswith("admin:") or _is_public(view):
            continue
        try:
            url = reverse(name, kwargs=sample_kwargs(converters))
        except NoReverseMatch:
            continue
        response = client.get(url)
        assert private_no_store(response), (url, response.status_code, response.get("Cache-Control"))
        checked.append(url)
    assert len(checked) > 80


def test_the_pages_the_attack_found_say_private_no_store(client, volunteer, coordinator, calais):
    arrives = timezone.localdate() + timedelta(days=5)
    stay = Stay.objects.create(
        volunteer=volunteer, site=calais, arrives_on=arrives, leaves_on=arrives + timedelta(days=2), needs_bed=False
    )
    client.force_login(volunteer)
    for url in ["/me/stays/", f"/me/stays/{stay.pk}/", f"/me/stays/{stay.pk}/change/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert private_no_store(response), url
    client.force_login(coordinator)
    for url in [
        "/roster/calais/stays/",
        "/roster/calais/stays/print/",
        "/roster/calais/offers/",
        "/roster/calais/needs/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert private_no_store(response), url


def test_public_answers_keep_their_own_headers_for_a_logged_in_person(client, volunteer, calais):
    client.force_login(volunteer)
    api = client.get("/api/v1/sites/")
    assert api.status_code == 200
    assert "public" in directives(api) and "no-store" not in directives(api)
    assert client.get("/api/v1/sites/", HTTP_IF_NONE_MATCH=api["ETag"]).status_code == 304
    donate = client.get("/donate.json")
    assert donate.status_code == 200
    assert "no-store" not in directives(donate)
    feed = client.get(f"/calendar/{volunteer.calendar_token}.ics")
    assert feed.status_code == 200
    assert client.get(f"/calendar/{volunteer.calendar_token}.ics", HTTP_IF_NONE_MATCH=feed["ETag"]).status_code == 304


def test_an_anonymous_page_is_left_as_its_view_made_it(client, calais):
    assert "no-store" not in directives(client.get("/shifts/"))
