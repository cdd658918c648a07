"""Every URL pattern, found from the resolver, read as an admin with values at the edges: days at 0001 and 9999,
20-digit numbers, NUL bytes. Dates and numbers from outside are read by utopia.inputs: nothing answers 5xx.
"""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import get_resolver
from django.utils import timezone

from shifts import services
from sites.models import Mission
from stays import services as stay_services
from tests.factories import ShiftFactory
from tests.hardening.test_bad_input import _fill, _known, _routes
from volunteers.charter import accept_charter, current_charter

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
EXTREMES = ["0001-01-01", "9999-12-31", HUGE, "-" + HUGE, "13-" + HUGE, "a\x00b", "\x00", "2026-13"]
QUERY_NAMES = [
    "day",
    "date",
    "start",
    "end",
    "date_from",
    "date_to",
    "month",
    "week",
    "slot",
    "page",
    "page_size",
    "found",
    "upcoming",
    "q",
    "status",
    "site",
    "mission",
    "language",
    "print",
]


@pytest.fixture
def admin_pages(client, admin_user, volunteer):
    call_command("seed_sites")
    mission = Mission.objects.get(site__slug="calais", slug="warehouse-sorting")
    start = timezone.now() + timedelta(days=2)
    shift = ShiftFactory(mission=mission, starts_at=start, ends_at=start + timedelta(hours=3))
    accept_charter(volunteer=volunteer, charter=current_charter())
    services.waive_briefing(volunteer=volunteer, site=mission.site, reason="A regular", by=admin_user)
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    routes = list(_routes(get_resolver().url_patterns))
    known = _known(volunteer, shift, signup, start)
    urls = sorted({url for route in routes if (url := _fill(route, known))})
    # Each number in a path at 20 digits, each day in a path at the window's far edges.
    huge = {name: HUGE for name in ("pk", "id", "shift_pk", "shift_id", "signup_pk", "signup_id", "grant_pk")}
    edges = set()
    for route in routes:
        for extreme in ({**known, **huge}, {**known, "day": "9999-12-31"}, {**known, "day": "0001-01-01"}):
            if (url := _fill(route, extreme)) and url not in urls:
                edges.add(url)
    client.force_login(admin_user)
    return client, urls, sorted(edges)


def _below_500(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code < 500, (response.status_code, url, params)


def test_every_page_reads_extreme_query_values_below_500(admin_pages):
    client, urls, _ = admin_pages
    assert "/roster/calais/stays/" in urls and "/api/v1/shifts/" in urls
    for url in urls:
        for value in EXTREMES:
            _below_500(client, url, {name: value for name in QUERY_NAMES})


def test_every_page_reads_extreme_path_values_below_500(admin_pages):
    client, _, edges = admin_pages
    assert "/roster/calais/9999-12-31/" in edges
    for url in edges:
        _below_500(client, url)


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2101-01-01"])
def test_the_shifts_api_refuses_a_day_outside_the_window(client, value):
    response = client.get("/api/v1/shifts/", {"date_to": value})
    assert response.status_code == 400
    assert "date_to" in response.json()


def test_the_roster_api_answers_404_for_a_day_outside_the_window(client, admin_user):
    from api.services import create_token

    token = create_token(volunteer=admin_user, name="sweep").token
    client.cookies.clear()
    response = client.get("/api/v1/roster/calais/9999-12-31/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404


def test_a_day_of_the_stays_page_outside_the_window_is_a_404(admin_pages):
    client, _, _ = admin_pages
    for value in ("9999-12-31", "0001-01-01", "not-a-day"):
        assert client.get("/roster/calais/stays/", {"day": value}).status_code == 404


def test_a_huge_slot_on_the_every_day_page_is_refused(client, volunteer, mission):
    arrives = timezone.localdate() + timedelta(days=10)
    stay = stay_services.plan_stay(
        volunteer=volunteer,
        site=mission.site,
        arrives_on=arrives,
        leaves_on=arrives + timedelta(days=2),
        needs_bed=False,
    )
    client.force_login(volunteer)
    response = client.get(f"/me/stays/{stay.pk}/every-day/", {"slot": "13-" + HUGE})
    assert response.status_code < 500


def test_the_window_is_the_inputs_window():
    from shifts.roster.forms import DayField
    from utopia.inputs import FIRST_DAY, LAST_DAY

    field = DayField()
    assert field.clean(LAST_DAY.isoformat()) == LAST_DAY
    for outside in (FIRST_DAY - timedelta(days=1), LAST_DAY + timedelta(days=1), date(9999, 12, 31)):
        with pytest.raises(Exception, match="between"):
            field.clean(outside.isoformat())
