"""Finding the store: coordinators from the roster's navigation; a volunteer on a store shift running now from
the shift's page and from their own shifts (store.access decides, through the store_links template tags)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shifts.models import Signup
from tests.factories import MissionFactory

from .conftest import on_store_shift

pytestmark = pytest.mark.django_db

STORE_URL = "/store/calais/"


@pytest.mark.parametrize("url", ["/roster/", "/roster/calais/", f"/roster/calais/{timezone.localdate().isoformat()}/"])
def test_coordinators_find_the_store_in_the_rosters_navigation(client, coordinator, url):
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert f'href="{STORE_URL}"' in response.text


def test_a_volunteer_on_a_store_shift_now_finds_the_store_on_the_shift_and_on_my_shifts(client, store_mission):
    person, shift = on_store_shift(store_mission)
    client.force_login(person)
    assert f'href="{STORE_URL}"' in client.get(f"/shifts/{shift.pk}/").text
    page = client.get("/me/shifts/").text
    assert f'href="{STORE_URL}"' in page and "You are on a store shift: open the store (Calais)" in page


def test_in_french(client, store_mission):
    person, shift = on_store_shift(store_mission)
    person.preferred_language = "fr"
    person.save()
    client.force_login(person)
    assert "Ouvrir le magasin" in client.get(f"/shifts/{shift.pk}/", HTTP_ACCEPT_LANGUAGE="fr").text
    assert "magasin (Calais)" in client.get("/me/shifts/", HTTP_ACCEPT_LANGUAGE="fr").text


@pytest.mark.parametrize(
    "starts_in, status",
    [
        (timedelta(hours=2), Signup.Status.CONFIRMED),  # not started yet
        (timedelta(hours=-1), Signup.Status.WAITLISTED),  # running, but not confirmed on it
    ],
)
def test_no_link_before_the_shift_or_when_not_confirmed(client, store_mission, starts_in, status):
    person, shift = on_store_shift(store_mission, starts_in=starts_in, status=status)
    client.force_login(person)
    assert STORE_URL not in client.get(f"/shifts/{shift.pk}/").text
    assert STORE_URL not in client.get("/me/shifts/").text


def test_no_link_on_an_ordinary_shift_running_now(client, calais, store_mission):
    person, shift = on_store_shift(MissionFactory(site=calais, name="Kitchen", slug="kitchen"))
    on_store_shift(store_mission, starts_in=timedelta(days=1), person=person)
    client.force_login(person)
    assert STORE_URL not in client.get(f"/shifts/{shift.pk}/").text
    assert STORE_URL not in client.get("/me/shifts/").text


def test_my_shifts_asks_the_store_once_per_site_of_a_store_sign_up(client, calais, store_mission, monkeypatch):
    from store.templatetags import store_links

    asked = []
    monkeypatch.setattr(store_links, "store_shift_now", lambda user, site: asked.append(site))
    person, _shift = on_store_shift(MissionFactory(site=calais, slug="kitchen"), starts_in=timedelta(hours=5))
    client.force_login(person)
    assert client.get("/me/shifts/").status_code == 200
    assert asked == []  # no store sign-up: not a query more
    for day in (1, 2):
        on_store_shift(store_mission, starts_in=timedelta(days=day), person=person)
    assert client.get("/me/shifts/").status_code == 200
    assert asked == [calais.pk]
