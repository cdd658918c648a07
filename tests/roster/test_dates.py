"""Dates on the roster: ISO values in date and time inputs whatever the language, and days bounded in URLs
and forms (no 500 near year 1 or 9999)."""

import re
from datetime import date, time, timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from shifts.models import Shift
from sites.models import Closure
from tests.factories import ShiftTemplateFactory

from .conftest import FUTURE_DAY, confirmed, make_shift, messages_of

pytestmark = pytest.mark.django_db


def _input_values(html: str, kind: str) -> dict[str, str]:
    return {
        name: value
        for tag in re.findall(rf'<input [^>]*type="{kind}"[^>]*>', html)
        for name, value in [
            (re.search(r'name="([^"]+)"', tag).group(1), (re.search(r'value="([^"]*)"', tag) or [None, ""])[1])
        ]
    }


@pytest.fixture
def french(coordinator_client):
    coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return coordinator_client


def test_date_and_time_inputs_carry_iso_values_in_french(french, mission):
    shift = make_shift(mission, day=date(2027, 3, 12), start=time(8, 30), hours=4)
    html = french.get(reverse("roster:edit_shift", args=["calais", shift.pk])).text
    assert 'lang="fr"' in html
    assert _input_values(html, "date") == {"day": "2027-03-12"}
    assert _input_values(html, "time") == {"start_time": "08:30", "end_time": "12:30"}
    week = french.get(reverse("roster:week", args=["calais"])).text
    today = timezone.localdate().isoformat()
    assert _input_values(week, "date")["start"] == today


def test_a_shift_edited_in_french_is_saved(french, mission):
    shift = make_shift(mission, day=date(2027, 3, 12), start=time(8, 30), hours=4, capacity=3)
    html = french.get(reverse("roster:edit_shift", args=["calais", shift.pk])).text
    data = {**_input_values(html, "date"), **_input_values(html, "time"), "capacity": "5", "notes": ""}
    response = french.post(reverse("roster:edit_shift", args=["calais", shift.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    shift.refresh_from_db()
    assert shift.capacity == 5 and shift.local_starts_at.time() == time(8, 30)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01"])
def test_days_out_of_bounds_in_urls_are_404(coordinator_client, calais, day):
    for url in [f"/roster/calais/{day}/", f"/roster/calais/{day}/?print=1", f"/roster/calais/{day}/csv/"]:
        assert coordinator_client.get(url).status_code == 404, url
    assert coordinator_client.get(f"/roster/calais/?start={day}").status_code == 404


def test_the_last_allowed_day_has_no_next_day_link(coordinator_client, calais):
    response = coordinator_client.get("/roster/calais/2100-12-31/")
    assert response.status_code == 200
    assert 'rel="next"' not in response.text and 'rel="prev"' in response.text


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2101-01-01"])
def test_editing_a_shift_to_an_extreme_day_is_a_form_error(coordinator_client, mission, day):
    shift = make_shift(mission)
    data = {"day": day, "start_time": "08:00", "end_time": "07:00", "capacity": "3", "notes": ""}
    response = coordinator_client.post(reverse("roster:edit_shift", args=["calais", shift.pk]), data)
    assert response.status_code == 200
    assert "Choose a day between 2000-01-01 and 2100-12-31." in str(response.context["form"].errors["day"])


@pytest.mark.parametrize(
    "start", ["9999-12-25", "0001-01-01", "far-past", "far-future"], ids=["9999", "year-1", "past", "future"]
)
def test_generation_refuses_days_outside_the_planning_window(coordinator_client, mission, start):
    ShiftTemplateFactory(mission=mission)
    today = timezone.localdate()
    start = {"far-past": today - timedelta(days=366), "far-future": today + timedelta(days=2 * 366)}.get(start, start)
    response = coordinator_client.post(
        reverse("roster:generate", args=["calais"]), {"start": str(start), "days": 90}, follow=True
    )
    assert response.status_code == 200
    assert "Shifts can be created from a year ago up to two years ahead." in messages_of(response)[-1]
    assert not Shift.objects.exists()
    with pytest.raises(CommandError, match="from a year ago up to two years ahead"):
        call_command("generate_shifts", site="calais", start=str(start), days=14)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "far-past", "far-future"])
def test_closures_refuse_days_outside_the_planning_window(coordinator_client, calais, day):
    today = timezone.localdate()
    day = {"far-past": today - timedelta(days=366), "far-future": today + timedelta(days=2 * 366)}.get(day, day)
    response = coordinator_client.post(reverse("roster:add_closure", args=["calais"]), {"date": str(day)}, follow=True)
    assert response.status_code == 200
    assert "A closure must fall between a year ago and two years ahead." in messages_of(response)[-1]
    assert not Closure.objects.exists()


def test_a_second_closure_of_the_same_day_is_refused(coordinator_client, calais):
    url = reverse("roster:add_closure", args=["calais"])
    coordinator_client.post(url, {"date": FUTURE_DAY.isoformat()})
    response = coordinator_client.post(url, {"date": FUTURE_DAY.isoformat()}, follow=True)
    assert "already closed" in messages_of(response)[-1]
    assert Closure.objects.count() == 1


def test_the_day_header_says_today_tomorrow_or_the_date(coordinator_client, mission):
    today = timezone.localdate()
    for offset, words in [(0, "missing today"), (1, "missing tomorrow"), (3, "missing that day")]:
        shift = make_shift(mission, day=today + timedelta(days=offset), start=time(23), capacity=2)
        confirmed(shift)
        html = coordinator_client.get(reverse("roster:day", args=["calais", shift.local_starts_at.date()])).text
        assert f"1 person {words}" in html, offset
    assert "Today, " in coordinator_client.get(reverse("roster:day", args=["calais", today])).text
    assert (
        "Tomorrow, " in coordinator_client.get(reverse("roster:day", args=["calais", today + timedelta(days=1)])).text
    )


@pytest.mark.parametrize("birth_date", ["1800-01-01", "9999-12-31", "0001-01-01"])
def test_a_walk_in_s_birth_date_has_the_bounds_of_registration(coordinator_client, mission, birth_date):
    shift = make_shift(mission)
    data = {"first_name": "Wally", "last_name": "Walker", "phone": "06 12 34 56 78", "birth_date": birth_date}
    response = coordinator_client.post(reverse("roster:walk_in", args=["calais", shift.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["birth_date"]
    assert not Shift.objects.get().signups.exists()
