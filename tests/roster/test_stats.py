"""The numbers, checked against data built by hand, in the site's local time."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from shifts.models import Signup
from shifts.roster import stats
from tests.factories import MissionFactory, SignupFactory, VolunteerFactory

from .conftest import confirmed, make_shift

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")
NOW = datetime(2027, 6, 15, 12, 0, tzinfo=PARIS)


def at(y, m, d, h=10, tz=UTC):
    return datetime(y, m, d, h, tzinfo=tz)


@pytest.fixture
def known(mission, paris_mission):
    people = {n: VolunteerFactory(first_name=n) for n in ["Alice", "Bob", "Carol", "Dan", "Eve", "Frank", "Gina"]}
    a = make_shift(mission, day=date(2027, 5, 3), start=time(8), hours=4, capacity=4)  # a Monday
    b = make_shift(mission, day=date(2027, 5, 3), start=time(14), hours=4, capacity=2)
    c = make_shift(mission, day=date(2027, 5, 10), start=time(8), hours=4, capacity=2)
    late_may = make_shift(mission, day=date(2027, 5, 31), start=time(23, 30), hours=2, capacity=1)  # Monday night
    early_june = make_shift(mission, day=date(2027, 6, 1), start=time(0, 30), hours=2, capacity=1)  # Tuesday, local
    future = make_shift(mission, day=date(2027, 6, 20), capacity=3)
    cancelled = make_shift(mission, day=date(2027, 5, 12), capacity=3, is_cancelled=True)
    confirmed(a, people["Alice"], created_at=at(2027, 4, 20), attendance=Signup.Attendance.PRESENT)
    confirmed(b, people["Alice"], created_at=at(2027, 4, 21), attendance=Signup.Attendance.PRESENT)
    confirmed(a, people["Bob"], created_at=at(2027, 5, 1), attendance=Signup.Attendance.NO_SHOW)
    confirmed(c, people["Bob"], created_at=at(2027, 5, 2))
    SignupFactory(shift=c, volunteer=people["Carol"], status=Signup.Status.CANCELLED, created_at=at(2027, 5, 5))
    SignupFactory(shift=b, volunteer=people["Dan"], created_at=at(2027, 5, 6))
    confirmed(late_may, people["Frank"], created_at=at(2027, 5, 30))
    # 22:30 UTC on 31 May is 00:30 on 1 June in Paris: a June newcomer and a June volunteer-day.
    confirmed(early_june, people["Eve"], created_at=at(2027, 5, 31, 22))
    confirmed(future, people["Alice"], created_at=at(2027, 6, 1))
    confirmed(cancelled, people["Bob"], created_at=at(2027, 5, 3))
    SignupFactory(
        shift=make_shift(paris_mission, day=date(2027, 3, 1)), volunteer=people["Gina"], created_at=at(2027, 3, 1)
    )
    SignupFactory(shift=c, volunteer=people["Gina"], created_at=at(2027, 5, 7))
    return mission.site


def _by_label(rows):
    return {row.label: row.value for row in rows}


def test_volunteer_days_per_month(known):
    report = stats.site_report(site=known, now=NOW)
    months = _by_label(report.volunteer_days)
    assert len(report.volunteer_days) == 12
    assert report.volunteer_days[-1].label == "Jun 2027" and report.volunteer_days[0].label == "Jul 2026"
    # May: Alice on 3 May (two shifts, one day), Bob on 3 and 10 May, Frank on 31 May.
    assert months["May 2027"] == 4
    assert months["Jun 2027"] == 1  # Eve; Alice's 20 June shift is still to come
    assert months["Apr 2027"] == 0


def test_new_volunteers_per_month(known):
    months = _by_label(stats.site_report(site=known, now=NOW).new_volunteers)
    # April: Alice. May: Bob, Carol, Dan, Frank, Gina (new here though she came to Paris before). June: Eve.
    assert (months["Apr 2027"], months["May 2027"], months["Jun 2027"]) == (1, 5, 1)


def test_fill_rates_per_mission_and_weekday(known):
    report = stats.site_report(site=known, now=NOW)
    mission = report.fill_by_mission[0]
    assert (mission.value, mission.detail) == (60.0, "6/10")
    weekdays = {row.label: (row.value, row.detail) for row in report.fill_by_weekday}
    assert weekdays["Monday"] == (55.6, "5/9")
    assert weekdays["Tuesday"] == (100.0, "1/1")  # Monday in UTC, Tuesday in Paris
    assert weekdays["Sunday"] == (0.0, "0/0")


def test_no_show_rate(known):
    report = stats.site_report(site=known, now=NOW)
    assert (report.present, report.no_shows, report.unrecorded) == (2, 1, 3)
    assert report.no_show_rate == 33.3


def _past_shift(mission):
    shift = make_shift(mission, day=date.today() - timedelta(days=10), capacity=2)
    confirmed(shift, attendance=Signup.Attendance.PRESENT)
    return shift


def test_stats_page_draws_accessible_svg_with_the_table(client, coordinator, known, mission):
    _past_shift(mission)
    client.force_login(coordinator)
    response = client.get(reverse("roster:stats", args=["calais"]))
    assert response.status_code == 200
    html = response.text
    assert html.count('role="img"') == 4
    assert "<title>Volunteer-days per month</title>" in html
    assert 'aria-label="Fill rate per mission (%):' in html
    assert "Warehouse sorting" in html and "50.0 (1/2)" in html
    assert "<table" in html and "http" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_admin_sees_all_sites_side_by_side(client, admin_user, known, chapelle, mission, paris_mission):
    _past_shift(mission)
    _past_shift(paris_mission)
    client.force_login(admin_user)
    html = client.get(reverse("roster:stats_all")).text
    assert "side-by-side" in html
    assert known.name in html and chapelle.name in html
    assert html.count('role="img"') == 8


def test_stats_query_count_is_flat(query_budget, client, coordinator, mission, calais):
    client.force_login(coordinator)
    url = reverse("roster:stats", args=["calais"])
    with query_budget() as small:
        client.get(url)
    other = MissionFactory(site=calais)
    for offset in range(1, 40):
        day = date.today() - timedelta(days=offset * 5)
        shift = make_shift(mission if offset % 2 else other, day=day, capacity=5)
        for _ in range(3):
            confirmed(shift, attendance=Signup.Attendance.PRESENT)
    with query_budget() as large:
        client.get(url)
    assert len(large) == len(small)


def _svg_numbers(html: str) -> list[str]:
    """Every number-carrying attribute of the page's SVG charts."""
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    return [value for svg in svgs for value in re.findall(r'\s(?:x|y|x1|x2|y1|y2|width|height|viewBox)="([^"]*)"', svg)]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_chart_coordinates_are_never_localised(client, coordinator, mission, language):
    from django.conf import settings

    shift = _past_shift(mission)
    confirmed(make_shift(mission, day=shift.local_starts_at.date(), start=time(15), capacity=3))  # a third: 33.3
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("roster:stats", args=["calais"])).text
    numbers = _svg_numbers(html)
    assert numbers and all(re.fullmatch(r"[\d. -]+", value) for value in numbers), numbers
    heights = [float(value) for value in re.findall(r'<rect [^>]*height="([\d.]+)"', html)]
    assert any(height > 0 for height in heights)  # the bars are drawn


def test_mission_labels_are_whole(client, coordinator, calais):
    long_name = MissionFactory(site=calais, name="Warehouse: sorting donations", slug="warehouse-long")
    _past_shift(long_name)
    client.force_login(coordinator)
    html = client.get(reverse("roster:stats", args=["calais"])).text
    labels = re.findall(r'<text [^>]*class="chart-label"[^>]*>([^<]*)</text>', html)
    assert "Warehouse: sorting donations" in labels
    assert not [
        label
        for label in labels
        if label and "Warehouse: sorting donations".startswith(label) and label != "Warehouse: sorting donations"
    ]
