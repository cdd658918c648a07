"""Coordinators' tokens: created and revoked on /me/, shown once, hashed at rest, scoped to their sites."""

import hashlib
import re
from datetime import time

import pytest

from api import services
from api.models import ApiToken
from api.views import TokenOwnerThrottle
from shifts import services as shift_services
from tests.factories import VolunteerFactory
from volunteers.services import erase_account

from .conftest import TOMORROW, bearer, make_shift

pytestmark = pytest.mark.django_db


def roster_url(site="calais", day=TOMORROW):
    return f"/api/v1/roster/{site}/{day.isoformat()}/"


def test_a_coordinator_creates_a_token_shown_once_and_stored_hashed(client, coordinator):
    client.force_login(coordinator)
    assert 'action="/me/api-tokens/"' in client.get("/me/").text
    response = client.post("/me/api-tokens/", {"name": "site screen"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    token = re.search(r'id="new-token" value="([^"]+)"', response.text).group(1)
    assert len(token) > 40
    api_token = ApiToken.objects.get()
    assert api_token.token_hash == hashlib.sha256(token.encode()).hexdigest()
    # Nowhere in the row in clear.
    for field in ApiToken._meta.concrete_fields:
        assert token not in str(getattr(api_token, field.attname))
    assert token.startswith(api_token.hint) and len(api_token.hint) < len(token) // 3
    profile = client.get("/me/").text
    assert token not in profile and "site screen" in profile and api_token.hint in profile


def test_volunteers_who_coordinate_nothing_cannot_create_one(client, volunteer):
    client.force_login(volunteer)
    assert 'action="/me/api-tokens/"' not in client.get("/me/").text
    response = client.post("/me/api-tokens/", {"name": "mine"})
    assert response.status_code == 302
    assert "Only coordinators can create API tokens." in client.get("/me/").text
    assert not ApiToken.objects.exists()


def test_a_token_needs_a_name(client, coordinator):
    client.force_login(coordinator)
    client.post("/me/api-tokens/", {"name": "  "})
    assert "Give the token a name" in client.get("/me/").text
    assert not ApiToken.objects.exists()


def test_the_roster_gives_first_names_and_phones_of_the_day(client, coordinator, calais_token, booked_shift, volunteer):
    waiting = VolunteerFactory(first_name="Wim", last_name="Waiting", phone="+33700000001")
    shift_services.sign_up(volunteer=VolunteerFactory(first_name="Bob"), shift=booked_shift)
    shift_services.sign_up(volunteer=VolunteerFactory(first_name="Cleo"), shift=booked_shift)
    shift_services.sign_up(volunteer=waiting, shift=booked_shift)
    response = client.get(roster_url(), **bearer(calais_token))
    assert response.status_code == 200
    body = response.json()
    assert (body["site"], body["date"]) == ("calais", TOMORROW.isoformat())
    people = body["shifts"][0]["people"]
    assert [(p["first_name"], p["status"]) for p in people] == [
        ("Vera", "confirmed"),
        ("Bob", "confirmed"),
        ("Cleo", "confirmed"),
        ("Wim", "waitlisted"),
    ]
    assert people[0]["phone"] == "+33612345678"
    assert "Volunteer" not in response.text and "vera@example.org" not in response.text
    assert response["Cache-Control"] == "private, no-store"


def test_each_use_stamps_the_token(client, calais_token, booked_shift):
    assert ApiToken.objects.get().last_used_at is None
    client.get(roster_url(), **bearer(calais_token))
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    client.get(roster_url(), **bearer(calais_token))
    assert ApiToken.objects.get().last_used_at > first


def test_a_calais_token_on_paris_is_forbidden(client, calais_token, chapelle, breakfast):
    response = client.get(roster_url("porte-de-la-chapelle"), **bearer(calais_token))
    assert response.status_code == 403


def test_scope_follows_the_sites_the_person_coordinates_today(client, coordinator, calais, calais_token):
    assert client.get(roster_url(), **bearer(calais_token)).status_code == 200
    calais.coordinators.remove(coordinator)
    assert client.get(roster_url(), **bearer(calais_token)).status_code == 403


def test_an_admins_token_reads_every_site(client, admin_user, chapelle):
    token = services.create_token(volunteer=admin_user, name="ops").token
    assert client.get(roster_url("porte-de-la-chapelle"), **bearer(token)).status_code == 200


@pytest.mark.parametrize("header", [None, "Bearer nope", "Bearer", "Bearer a b", "Token something"])
def test_without_a_valid_token_the_answer_is_401(client, calais, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(roster_url(), **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_unknown_site_or_bad_day_is_404(client, calais_token):
    assert client.get("/api/v1/roster/nowhere/2030-01-01/", **bearer(calais_token)).status_code == 404
    assert client.get("/api/v1/roster/calais/2030-02-30/", **bearer(calais_token)).status_code == 404
    assert client.get("/api/v1/roster/calais/tomorrow/", **bearer(calais_token)).status_code == 404


def test_a_revoked_token_stops_working(client, coordinator, calais_token):
    client.force_login(coordinator)
    api_token = ApiToken.objects.get()
    assert f'action="/me/api-tokens/{api_token.pk}/revoke/"' in client.get("/me/").text
    assert client.post(f"/me/api-tokens/{api_token.pk}/revoke/").status_code == 302
    client.logout()
    assert client.get(roster_url(), **bearer(calais_token)).status_code == 401


def test_nobody_else_revokes_my_token(client, outsider, calais_token):
    client.force_login(outsider)
    assert client.post(f"/me/api-tokens/{ApiToken.objects.get().pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_erasing_the_person_revokes_their_tokens(client, coordinator, calais_token):
    erase_account(volunteer=coordinator)
    assert ApiToken.objects.get().revoked_at is not None
    assert client.get(roster_url(), **bearer(calais_token)).status_code == 401


def test_an_admin_revokes_from_the_admin(client, admin_user, calais_token):
    client.force_login(admin_user)
    api_token = ApiToken.objects.get()
    page = client.get(f"/admin/api/apitoken/{api_token.pk}/change/")
    assert page.status_code == 200 and api_token.token_hash not in page.text
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [api_token.pk]})
    assert client.get(roster_url(), **bearer(calais_token)).status_code == 401


def test_the_roster_is_rate_limited_per_person(client, coordinator, calais_token, monkeypatch):
    monkeypatch.setattr(TokenOwnerThrottle, "rate", "3/min", raising=False)
    other = services.create_token(volunteer=coordinator, name="second").token
    statuses = [client.get(roster_url(), **bearer(token)).status_code for token in (calais_token, other) * 2]
    assert statuses == [200, 200, 200, 429]
    limited = client.get(roster_url(), **bearer(calais_token))
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0


def test_roster_queries_stay_flat(query_budget, client, calais_token, warehouse):
    shifts = [make_shift(warehouse, TOMORROW, time(8 + n)) for n in range(2)]

    def queries():
        with query_budget() as captured:
            assert client.get(roster_url(), **bearer(calais_token)).status_code == 200
        return len(captured)

    shift_services.sign_up(volunteer=VolunteerFactory(), shift=shifts[0])
    few = queries()
    for n in range(2, 10):
        shifts.append(make_shift(warehouse, TOMORROW, time(8 + n)))
    for shift in shifts:
        for _ in range(3):
            shift_services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    assert queries() == few


@pytest.mark.parametrize("name", ["a\x00b", "x" * 81])
def test_names_that_cannot_be_stored_are_refused_with_a_message(client, coordinator, name):
    client.force_login(coordinator)
    response = client.post("/me/api-tokens/", {"name": name})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
