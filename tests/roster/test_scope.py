"""Who may see and act on a site's roster: its coordinators and admins, nobody else, by URL or by id."""

import pytest
from django.urls import reverse

from shifts.models import Signup
from tests.factories import VolunteerFactory

from .conftest import FUTURE_DAY, confirmed, day_url, make_shift

pytestmark = pytest.mark.django_db


def _pages(site):
    day = FUTURE_DAY.isoformat()
    return [
        reverse("roster:week", args=[site.slug]),
        reverse("roster:day", args=[site.slug, day]),
        reverse("roster:day_csv", args=[site.slug, day]),
        reverse("roster:stats", args=[site.slug]),
    ]


def test_coordinator_sees_own_site_pages(client, coordinator, calais):
    client.force_login(coordinator)
    for url in _pages(calais):
        assert client.get(url).status_code == 200, url


def test_coordinator_of_calais_gets_403_on_paris(client, coordinator, chapelle):
    client.force_login(coordinator)
    for url in _pages(chapelle):
        assert client.get(url).status_code == 403, url


def test_outsider_gets_403(client, outsider, calais):
    client.force_login(outsider)
    for url in _pages(calais) + [reverse("roster:index")]:
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_login(client, calais):
    for url in _pages(calais) + [reverse("roster:index")]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_admin_sees_every_site_and_all_sites_stats(client, admin_user, calais, chapelle):
    client.force_login(admin_user)
    for url in _pages(calais) + _pages(chapelle) + [reverse("roster:index"), reverse("roster:stats_all")]:
        assert client.get(url).status_code == 200, url


def test_only_admins_see_all_sites_stats(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("roster:stats_all")).status_code == 403


def test_index_lists_only_coordinated_sites(client, coordinator, calais, chapelle):
    client.force_login(coordinator)
    response = client.get(reverse("roster:index"))
    assert response.status_code == 200
    assert calais.name in response.text
    assert chapelle.name not in response.text


def test_calais_coordinator_cannot_cancel_a_paris_signup_through_the_calais_roster(client, coordinator, paris_mission):
    shift = make_shift(paris_mission)
    signup = confirmed(shift)
    client.force_login(coordinator)
    response = client.post(reverse("roster:cancel_signup", args=["calais", signup.pk]))
    assert response.status_code == 404
    response = client.post(reverse("roster:cancel_signup", args=[paris_mission.site.slug, signup.pk]))
    assert response.status_code == 403
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED


@pytest.mark.parametrize("name", ["attendance", "note", "confirm_signup", "move"])
def test_calais_coordinator_cannot_touch_a_paris_signup_by_id(client, coordinator, calais, paris_mission, name):
    signup = confirmed(make_shift(paris_mission))
    client.force_login(coordinator)
    response = client.post(
        reverse(f"roster:{name}", args=["calais", signup.pk]), {"attendance": "present", "note": "x"}
    )
    assert response.status_code == 404
    signup.refresh_from_db()
    assert (signup.attendance, signup.note, signup.status) == ("unknown", "", "confirmed")


@pytest.mark.parametrize("name", ["assign", "walk_in", "ask_for_help", "edit_shift", "cancel_shift"])
def test_calais_coordinator_cannot_act_on_a_paris_shift_by_id(client, coordinator, calais, paris_mission, name):
    shift = make_shift(paris_mission)
    client.force_login(coordinator)
    response = client.post(
        reverse(f"roster:{name}", args=["calais", shift.pk]), {"volunteer": VolunteerFactory().pk, "capacity": 9}
    )
    assert response.status_code == 404
    shift.refresh_from_db()
    assert (shift.is_cancelled, shift.capacity, shift.signups.count()) == (False, 3, 0)


def test_admin_can_act_on_any_site(client, admin_user, paris_mission):
    signup = confirmed(make_shift(paris_mission))
    client.force_login(admin_user)
    response = client.post(reverse("roster:cancel_signup", args=[paris_mission.site.slug, signup.pk]), follow=True)
    assert response.status_code == 200
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CANCELLED
    assert response.redirect_chain[-1][0] == day_url(signup.shift) + f"#shift-{signup.shift.pk}"


def test_actions_need_post(client, coordinator, mission):
    signup = confirmed(make_shift(mission))
    client.force_login(coordinator)
    assert client.get(reverse("roster:cancel_signup", args=["calais", signup.pk])).status_code == 405
