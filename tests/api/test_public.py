"""The public endpoints: no login, no names, HTTP caching headers, queries flat in page size."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from shifts import services as shift_services
from tests.factories import ShiftFactory, VolunteerFactory

from .conftest import TOMORROW, make_shift

pytestmark = pytest.mark.django_db


def test_sites_list_their_missions_for_anyone(client, warehouse, breakfast):
    response = client.get("/api/v1/sites/")
    assert response.status_code == 200
    sites = {site["slug"]: site for site in response.json()}
    assert set(sites) == {"calais", "porte-de-la-chapelle"}
    assert sites["calais"]["timezone"] == "Europe/Paris"
    assert sites["calais"]["missions"] == [
        {
            "slug": "warehouse",
            "name": "Warehouse sorting",
            "name_fr": "Tri",
            "description": "What the mission is about.",
            "description_fr": "",
        }
    ]
    assert "Set-Cookie" not in response


def test_public_answers_carry_an_etag_and_answer_304_when_unchanged(client, warehouse):
    first = client.get("/api/v1/sites/")
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    etag = first["ETag"]
    again = client.get("/api/v1/sites/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    warehouse.name = "Sorting"
    warehouse.save()
    changed = client.get("/api/v1/sites/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_needs_count_the_people_missing_per_site_and_day(client, booked_shift, warehouse, breakfast):
    make_shift(warehouse, TOMORROW, time(14), capacity=2)
    make_shift(warehouse, TOMORROW, time(18), capacity=5, is_cancelled=True)
    make_shift(breakfast, TOMORROW + timedelta(days=2), capacity=4)
    make_shift(breakfast, timezone.localdate() + timedelta(days=14), capacity=9)  # the 15th day: beyond
    response = client.get("/api/v1/needs/")
    assert response.status_code == 200
    body = response.json()
    assert body["date_from"] == timezone.localdate().isoformat()
    assert body["date_to"] == (timezone.localdate() + timedelta(days=13)).isoformat()
    rows = {(row["site"], row["date"]): row for row in body["results"]}
    assert len(rows) == 2 * 14
    assert rows[("calais", TOMORROW.isoformat())] == {
        "site": "calais",
        "date": TOMORROW.isoformat(),
        "shifts": 2,
        "seats": 5,
        "confirmed": 1,
        "missing": 4,
    }
    paris = rows[("porte-de-la-chapelle", (TOMORROW + timedelta(days=2)).isoformat())]
    assert (paris["seats"], paris["missing"]) == (4, 4)
    assert sum(row["seats"] for row in body["results"]) == 9
    assert "public" in response["Cache-Control"] and response["ETag"]


def test_needs_leave_out_shifts_already_started(client, warehouse):
    starts_at = timezone.now() - timedelta(minutes=30)
    ShiftFactory(mission=warehouse, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), capacity=3)
    body = client.get("/api/v1/needs/").json()
    assert sum(row["seats"] for row in body["results"]) == 0


def test_shifts_show_times_with_offsets_and_free_seats_but_no_names(client, booked_shift, volunteer):
    response = client.get("/api/v1/shifts/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    shift = body["results"][0]
    assert shift["site"] == "calais" and shift["mission"] == "warehouse"
    assert (shift["capacity"], shift["confirmed"], shift["seats_free"]) == (3, 1, 2)
    assert shift["starts_at"] == booked_shift.local_starts_at.isoformat()
    assert shift["starts_at"][-6:] in ("+01:00", "+02:00")
    assert shift["url"].endswith(f"/shifts/{booked_shift.pk}/")
    assert volunteer.first_name not in response.text and volunteer.email not in response.text
    assert "public" in response["Cache-Control"]


def test_winter_and_summer_offsets(client, warehouse):
    make_shift(warehouse, date(2030, 1, 15), time(8))
    make_shift(warehouse, date(2030, 7, 15), time(8))
    results = client.get("/api/v1/shifts/", {"date_from": "2030-01-01"}).json()["results"]
    assert [shift["starts_at"] for shift in results] == ["2030-01-15T08:00:00+01:00", "2030-07-15T08:00:00+02:00"]


def test_shifts_filter_by_site_mission_and_days(client, warehouse, breakfast, calais):
    from tests.factories import MissionFactory

    kitchen = MissionFactory(site=calais, slug="kitchen")
    day = date(2030, 3, 4)
    make_shift(warehouse, day)
    make_shift(kitchen, day)
    make_shift(breakfast, day)
    make_shift(warehouse, day + timedelta(days=1))
    make_shift(warehouse, day + timedelta(days=2))

    def count(**params):
        response = client.get("/api/v1/shifts/", {"date_from": "2030-01-01", **params})
        assert response.status_code == 200, response.json()
        return response.json()["count"]

    assert count() == 5
    assert count(site="calais") == 4
    assert count(site="porte-de-la-chapelle") == 1
    assert count(site="calais", mission="warehouse") == 3
    assert count(mission="breakfast") == 1
    assert count(date_from="2030-03-05") == 2
    assert count(date_from="2030-03-04", date_to="2030-03-05") == 4
    assert count(date_from="2030-03-05", date_to="2030-03-05", site="calais") == 1


def test_cancelled_and_started_shifts_are_left_out_by_default(client, warehouse):
    make_shift(warehouse, TOMORROW, is_cancelled=True)
    make_shift(warehouse, timezone.localdate() - timedelta(days=1))
    assert client.get("/api/v1/shifts/").json()["count"] == 0


@pytest.mark.parametrize(
    "params, field",
    [
        ({"date_from": "2026-02-30"}, "date_from"),
        ({"date_to": "tomorrow"}, "date_to"),
        ({"date_from": "2030-03-05", "date_to": "2030-03-04"}, "date_to"),
        ({"site": "nowhere"}, "site"),
        ({"site": "<script>"}, "site"),
    ],
)
def test_bad_filters_answer_400_with_a_message(client, params, field):
    response = client.get("/api/v1/shifts/", params)
    assert response.status_code == 400
    assert field in response.json()
    assert "Cache-Control" not in response or "public" not in response["Cache-Control"]


def test_shifts_paginate(client, warehouse):
    for n in range(60):
        make_shift(warehouse, date(2030, 1, 1) + timedelta(days=n))
    body = client.get("/api/v1/shifts/", {"date_from": "2030-01-01"}).json()
    assert body["count"] == 60 and len(body["results"]) == 50 and "page=2" in body["next"]
    small = client.get("/api/v1/shifts/", {"date_from": "2030-01-01", "page_size": 7, "page": 3}).json()
    assert len(small["results"]) == 7
    assert client.get("/api/v1/shifts/", {"date_from": "2030-01-01", "page": 9}).status_code == 404


def _queries(query_budget, client, url, params=None):
    with query_budget() as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_queries_stay_flat_in_page_size(query_budget, client, warehouse, breakfast):
    shifts = [make_shift(warehouse, TOMORROW + timedelta(days=n % 10), time(8 + n % 8)) for n in range(3)]
    counts = {
        url: _queries(query_budget, client, url, {"site": "calais"} if "shifts" in url else None)
        for url in ("/api/v1/shifts/", "/api/v1/needs/", "/api/v1/sites/")
    }
    for n in range(3, 60):
        shifts.append(make_shift(warehouse if n % 2 else breakfast, TOMORROW + timedelta(days=n % 10), time(8 + n % 8)))
    for shift in shifts[:20]:
        shift_services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    for url, before in counts.items():
        assert _queries(query_budget, client, url, {"site": "calais"} if "shifts" in url else None) == before, url
    assert counts["/api/v1/shifts/"] <= 4
