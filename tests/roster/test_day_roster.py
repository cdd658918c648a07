"""What the day roster shows, its print view and CSV, and its query count."""

import csv
import io
from datetime import time, timedelta

import pytest
from django.urls import reverse

from shifts.models import Signup
from tests.factories import SignupFactory, VolunteerFactory

from .conftest import FUTURE_DAY, confirmed, day_url, make_shift

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_day(mission):
    short = make_shift(mission, start=time(9), capacity=3)
    full = make_shift(mission, start=time(14), capacity=1)
    amira = VolunteerFactory(first_name="Amira", last_name="Haddad", phone="+33611223344", languages=["ar", "fr"])
    regular = VolunteerFactory(first_name="Rita", last_name="Regular", languages=["ps"])
    earlier = make_shift(mission, day=FUTURE_DAY - timedelta(days=30), capacity=2)
    confirmed(earlier, regular, attendance=Signup.Attendance.PRESENT)
    confirmed(short, amira)
    confirmed(short, regular)
    SignupFactory(
        shift=short,
        volunteer=VolunteerFactory(first_name="Lou", last_name="Late"),
        status=Signup.Status.CANCELLED,
        is_late_cancellation=True,
    )
    SignupFactory(
        shift=short,
        volunteer=VolunteerFactory(first_name="Cecile", last_name="Cancelled"),
        status=Signup.Status.CANCELLED,
    )
    confirmed(full, VolunteerFactory(first_name="Felix", last_name="Full"))
    SignupFactory(shift=full, volunteer=VolunteerFactory(first_name="Wanda", last_name="Waiting"))
    return {"short": short, "full": full, "amira": amira, "regular": regular}


def _card(html: str, shift) -> str:
    start = html.index(f'id="shift-{shift.pk}"')
    end = html.find('class="card roster-shift', start)
    return html[start : end if end != -1 else len(html)]


def test_day_shows_people_phones_languages_and_gaps(coordinator_client, busy_day):
    response = coordinator_client.get(day_url(busy_day["short"]))
    assert response.status_code == 200
    short = _card(response.text, busy_day["short"])
    assert "Amira Haddad" in short
    assert 'href="tel:+33611223344"' in short
    assert "2/3" in short and "1 missing" in short
    assert "Arabic" in short and "Pashto" in short and "French" in short
    full = _card(response.text, busy_day["full"])
    assert "1/1" in full and "full" in full
    assert "Wanda Waiting" in full and "Waiting list" in full


def test_first_timers_and_late_cancellations_are_flagged(coordinator_client, busy_day):
    html = _card(coordinator_client.get(day_url(busy_day["short"])).text, busy_day["short"])
    amira = html[html.index("Amira Haddad") : html.index("Amira Haddad") + 200]
    rita = html[html.index("Rita Regular") : html.index("Rita Regular") + 200]
    assert "first time here" in amira
    assert "first time here" not in rita
    # A cancelled row does not open contact details: named as other volunteers see them.
    assert "Lou L." in html and "cancelled late" in html
    assert "Cecile Cancelled" not in html


def test_attendance_buttons_only_after_the_start(coordinator_client, busy_day):
    html = coordinator_client.get(day_url(busy_day["short"])).text
    assert 'value="present"' not in html


def test_previous_and_next_day_links(coordinator_client, busy_day):
    html = coordinator_client.get(day_url(busy_day["short"])).text
    assert reverse("roster:day", args=["calais", (FUTURE_DAY - timedelta(days=1)).isoformat()]) in html
    assert reverse("roster:day", args=["calais", (FUTURE_DAY + timedelta(days=1)).isoformat()]) in html


def test_print_view_is_one_plain_page(coordinator_client, busy_day):
    response = coordinator_client.get(day_url(busy_day["short"]) + "?print=1")
    assert response.status_code == 200
    assert "Amira Haddad" in response.text and "Wanda Waiting" in response.text
    assert "roster-print" in response.text
    assert "site-header" not in response.text and "<form" not in response.text


def test_csv_lists_the_day(coordinator_client, busy_day):
    response = coordinator_client.get(reverse("roster:day_csv", args=["calais", FUTURE_DAY.isoformat()]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [(r["first name"], r["last name"], r["status"]) for r in rows]
    assert names == [
        ("Amira", "Haddad", "confirmed"),
        ("Rita", "Regular", "confirmed"),
        ("Lou", "L", "cancelled"),
        ("Felix", "Full", "confirmed"),
        ("Wanda", "Waiting", "on the waiting list"),
    ]
    amira = rows[0]
    assert amira["start"] == f"{FUTURE_DAY.isoformat()} 09:00"
    assert amira["phone"] == "+33 6 11 22 33 44"
    assert amira["first time here"] == "yes" and rows[1]["first time here"] == ""
    assert rows[2]["late cancellation"] == "yes"


def test_csv_neutralises_formulas(coordinator_client, mission):
    shift = make_shift(mission)
    confirmed(shift, VolunteerFactory(first_name="=HYPERLINK(1)", last_name="Evil"))
    response = coordinator_client.get(reverse("roster:day_csv", args=["calais", FUTURE_DAY.isoformat()]))
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_an_invalid_date_is_404(coordinator_client, calais):
    assert coordinator_client.get("/roster/calais/2027-02-31/").status_code == 404


def _fill(mission, shifts: int, people: int):
    for index in range(shifts):
        shift = make_shift(mission, start=time(8 + index % 12), capacity=people + 2)
        for person in range(people):
            v = VolunteerFactory(languages=["fr", "en", "ar"][: 1 + person % 3])
            confirmed(shift, v)
        SignupFactory(shift=shift, status=Signup.Status.WAITLISTED)
        SignupFactory(shift=shift, status=Signup.Status.CANCELLED, is_late_cancellation=True)


@pytest.mark.parametrize("url_name", ["roster:day", "roster:day_csv"])
def test_query_count_is_flat_in_shifts_and_people(query_budget, client, coordinator, mission, url_name):
    client.force_login(coordinator)
    url = reverse(url_name, args=["calais", FUTURE_DAY.isoformat()])
    _fill(mission, 3, 1)
    with query_budget() as small:
        assert client.get(url).status_code == 200
    _fill(mission, 27, 8)  # 30 shifts, most with 8 people
    with query_budget() as large:
        response = client.get(url)
    assert response.status_code == 200
    if url_name == "roster:day":
        assert response.text.count('class="card roster-shift') == 30
    assert len(large) == len(small)
    assert len(large) <= 12


def test_pages_render_in_french(coordinator_client, busy_day):
    from django.conf import settings

    coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    for url in [
        day_url(busy_day["short"]),
        day_url(busy_day["short"]) + "?print=1",
        reverse("roster:week", args=["calais"]),
        reverse("roster:stats", args=["calais"]),
        reverse("roster:assign", args=["calais", busy_day["short"].pk]) + "?q=amira",
        reverse("roster:walk_in", args=["calais", busy_day["short"].pk]),
        reverse("roster:edit_shift", args=["calais", busy_day["short"].pk]),
    ]:
        response = coordinator_client.get(url)
        assert response.status_code == 200, url
        assert 'lang="fr"' in response.text, url
