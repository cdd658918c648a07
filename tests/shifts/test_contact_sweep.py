"""Every page under /me/, /roster/, /volunteers/, /stays/ and the API, found from the resolver: a person a coordinator
booked after finding them by search (and who never gave their details to the site) has their email and phone shown
to nobody but admins, neither to that coordinator nor to a coordinator of another site."""

from datetime import timedelta

import pytest
from django.urls import get_resolver
from django.utils import timezone

from api.services import create_token
from shifts.models import Signup
from stays.models import Stay, StayNight
from tests.factories import AccommodationFactory, MissionFactory, ShiftFactory, SiteFactory, VolunteerFactory
from tests.hardening.test_bad_input import _fill, _routes

pytestmark = pytest.mark.django_db

PREFIXES = ("me/", "roster/", "volunteers/", "stays/", "api/")
SECRETS = ["found.person@example.org", "+33644332211", "+33 6 44 33 22 11", "06 44 33 22 11", "644332211"]


@pytest.fixture
def world(coordinator, mission):
    """Calais with a safe-return night team and a day shift; a person the coordinator found by search and booked on
    both (and on a waiting list), who also sleeps there; a coordinator of another site."""
    site = mission.site
    found = VolunteerFactory(
        first_name="Found", last_name="Person", email="found.person@example.org", phone="+33644332211"
    )
    start = timezone.now() + timedelta(hours=2)
    day_shift = ShiftFactory(mission=mission, starts_at=start, ends_at=start + timedelta(hours=3), capacity=3)
    night = MissionFactory(site=site, name="Night round", slug="night-round", needs_safe_return=True)
    night_shift = ShiftFactory(mission=night, starts_at=start, ends_at=start + timedelta(hours=4), capacity=3)
    full = ShiftFactory(
        mission=mission, starts_at=start + timedelta(days=1), ends_at=start + timedelta(days=1, hours=2)
    )
    signups = [
        Signup.objects.create(shift=day_shift, volunteer=found, booked_by=coordinator),
        Signup.objects.create(shift=night_shift, volunteer=found, booked_by=coordinator),
        Signup.objects.create(shift=full, volunteer=found, booked_by=coordinator, status=Signup.Status.WAITLISTED),
    ]
    today = timezone.localdate()
    stay = Stay.objects.create(
        volunteer=found, site=site, arrives_on=today, leaves_on=today + timedelta(days=3), needs_bed=True
    )
    StayNight.objects.create(stay=stay, accommodation=AccommodationFactory(site=site, beds=2), night=today, bed=1)
    other = VolunteerFactory(email="oscar@example.org")
    SiteFactory(slug="elsewhere", name="Elsewhere").coordinators.add(other)
    return {"site": site, "found": found, "shift": day_shift, "night": night_shift, "signups": signups, "other": other}


def _urls(world) -> list[str]:
    found, shift, signup = world["found"], world["shift"], world["signups"][0]
    day = shift.local_starts_at.date().isoformat()
    known = {
        "site_slug": "calais",
        "slug": "calais",
        "day": day,
        "date": day,
        "shift_id": str(shift.pk),
        "shift_pk": str(shift.pk),
        "signup_id": str(signup.pk),
        "signup_pk": str(signup.pk),
        "pk": lambda route: str(found.pk if route.startswith("volunteers/") else shift.pk),
        "token": found.calendar_token,
    }
    routes = [route for route in _routes(get_resolver().url_patterns) if route.startswith(PREFIXES)]
    urls = {url for route in routes if (url := _fill(route, known))}
    urls |= {f"/shifts/{world['night'].pk}/team/", f"/shifts/{shift.pk}/team/", f"/volunteers/{found.pk}/"}
    for url in list(urls):
        if "/roster/calais/" in url and url.rstrip("/").endswith(day):
            urls |= {url + "?print=1", url.rstrip("/") + "/csv/"}
    urls |= {
        f"/roster/calais/shift/{shift.pk}/assign/?q=found",
        "/roster/calais/briefing/?q=@",
        "/roster/calais/briefing/?q=found",
        "/roster/calais/briefing/?q=3322",
        f"/roster/calais/stays/?day={timezone.localdate().isoformat()}",
        f"/roster/calais/stays/print/?day={timezone.localdate().isoformat()}",
    }
    return sorted(urls)


def _assert_hidden(client, urls, **headers):
    seen = 0
    for url in urls:
        response = client.get(url, **headers)
        if response.status_code != 200:
            continue
        seen += 1
        body = response.content.decode(errors="replace")
        for secret in SECRETS:
            assert secret not in body, (url, secret)
    return seen


def test_the_coordinator_who_booked_a_found_person_never_sees_their_details(client, coordinator, world):
    urls = _urls(world)
    client.force_login(coordinator)
    assert _assert_hidden(client, urls) > 20  # the walk reaches the roster's pages, not only 404s
    token = create_token(volunteer=coordinator, name="sweep").token
    client.logout()
    day = world["shift"].local_starts_at.date().isoformat()
    response = client.get(f"/api/v1/roster/calais/{day}/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and "Found" in response.content.decode()
    for secret in SECRETS:
        assert secret not in response.content.decode()


def test_a_coordinator_of_another_site_never_sees_their_details(client, world):
    other = world["other"]
    client.force_login(other)
    _assert_hidden(client, _urls(world))
    token = create_token(volunteer=other, name="sweep").token
    client.logout()
    day = world["shift"].local_starts_at.date().isoformat()
    response = client.get(f"/api/v1/roster/calais/{day}/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403


def test_once_the_person_comes_their_coordinator_sees_the_phone(client, coordinator, world):
    # Arranged directly: the shift is still ahead, and attendance is recorded from its start.
    Signup.objects.filter(pk=world["signups"][0].pk).update(attendance=Signup.Attendance.PRESENT)
    client.force_login(coordinator)
    body = client.get(f"/shifts/{world['shift'].pk}/team/").content.decode()
    assert "+33644332211" in body


def test_an_admin_sees_them(client, admin_user, world):
    client.force_login(admin_user)
    assert "found.person@example.org" in client.get(f"/volunteers/{world['found'].pk}/").content.decode()


def test_the_walk_covers_the_pages_the_attack_used(world):
    urls = _urls(world)
    for expected in ("/roster/calais/tonight/", "/roster/calais/briefing/?q=@", f"/volunteers/{world['found'].pk}/"):
        assert expected in urls
    assert any("/roster/calais/stays/" in url for url in urls)
