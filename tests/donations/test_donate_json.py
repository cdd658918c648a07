"""/donate.json: the public page as data for the organisation's website."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from donations.models import Need
from tests.donations.conftest import CollectionPointFactory, point_mission, point_shift, staff

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def at(moment: datetime):
    return lambda: moment


def test_the_shape(client, point, calais):
    Need.objects.create(site=point.site, item="Sleeping bags", item_fr="Sacs de couchage", urgency="needed")
    Need.objects.create(site=point.site, item="Summer clothes", urgency="enough")
    Need.objects.create(site=point.site, item="Winter coats", item_fr="Manteaux", urgency="urgent")
    point.access_notes = "By the gate."
    point.save()
    staff(point_shift(point))

    response = client.get("/donate.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert set(data) == {"generated_at", "days", "arrondissement", "sites"}
    assert data["days"] == 7 and data["arrondissement"] is None
    assert datetime.fromisoformat(data["generated_at"]).utcoffset() is not None
    paris = next(site for site in data["sites"] if site["slug"] == point.site.slug)
    assert set(paris) == {"slug", "name", "timezone", "needs", "goods", "collection_points"}
    assert [need["item"] for need in paris["needs"]] == ["Winter coats", "Sleeping bags", "Summer clothes"]
    assert [need["urgency"] for need in paris["needs"]] == ["urgent", "needed", "enough"]
    assert paris["needs"][2]["item_fr"] == "Summer clothes"  # no French text: the English one
    assert set(paris["needs"][0]) == {"item", "item_fr", "urgency", "updated_at"}
    [entry] = paris["collection_points"]
    assert entry == {
        "id": point.pk,
        "name": "Place Léon-Blum",
        "arrondissement": 11,
        "address": point.address,
        "latitude": 48.8575,
        "longitude": 2.38,
        "geo_uri": point.geo_uri,
        "access_notes": "By the gate.",
        "access_notes_fr": "By the gate.",
        "openings": entry["openings"],
    }
    assert len(entry["openings"]) == 1
    calais_entry = next(site for site in data["sites"] if site["slug"] == "calais")
    assert calais_entry["needs"] == [] and calais_entry["collection_points"] == []


@pytest.mark.parametrize(
    "now, before, after",
    [
        # Clocks go forward on Sunday 28 March 2027 and back on Sunday 31 October 2027.
        (datetime(2027, 3, 25, 12, tzinfo=PARIS), date(2027, 3, 27), date(2027, 3, 29)),
        (datetime(2027, 10, 28, 12, tzinfo=PARIS), date(2027, 10, 30), date(2027, 11, 1)),
    ],
)
def test_times_are_local_with_the_offset_of_their_own_day(client, point, monkeypatch, now, before, after):
    monkeypatch.setattr("django.utils.timezone.now", at(now))
    mission = point_mission(point)
    staff(point_shift(point, day=before, start=time(10), mission=mission))
    staff(point_shift(point, day=after, start=time(10), mission=mission))

    paris = next(site for site in client.get("/donate.json").json()["sites"] if site["slug"] == point.site.slug)
    openings = paris["collection_points"][0]["openings"]

    offsets = ["+01:00", "+02:00"] if now.month == 3 else ["+02:00", "+01:00"]
    assert openings == [
        {"starts_at": f"{before}T10:00:00{offsets[0]}", "ends_at": f"{before}T13:00:00{offsets[0]}"},
        {"starts_at": f"{after}T10:00:00{offsets[1]}", "ends_at": f"{after}T13:00:00{offsets[1]}"},
    ]
    # The page says the same in words, at 10:00 both days.
    page = client.get("/donate/").text
    assert page.count(", 10:00</time>") == 2


def test_the_filter_applies_to_the_json_too(client, point):
    staff(point_shift(point))
    staff(point_shift(CollectionPointFactory(site=point.site, name="Square Léon", arrondissement=18)))
    data = client.get("/donate.json?arrondissement=18").json()
    paris = next(site for site in data["sites"] if site["slug"] == point.site.slug)
    assert data["arrondissement"] == 18
    assert [entry["name"] for entry in paris["collection_points"]] == ["Square Léon"]


def test_numbers_are_not_localised_in_french(client, point):
    staff(point_shift(point))
    response = client.get("/donate.json", HTTP_ACCEPT_LANGUAGE="fr")
    assert b'"latitude": 48.8575' in response.content
    page = client.get("/donate/", HTTP_ACCEPT_LANGUAGE="fr").text
    assert "geo:48.857500,2.380000" in page
