"""Contact details (email, phone, the profile with the emergency contact) go to the coordinators of a site
where the person signed up themselves or came, and to admins. The assign search shows first name, initial,
languages and whether they are free; a coordinator's booking, or a cancelled row, opens nothing."""

import csv
import io

import pytest
from django.urls import reverse

from shifts import services
from shifts.models import Signup
from shifts.people import can_view_volunteer
from tests.factories import VolunteerFactory

from .conftest import FUTURE_DAY, confirmed, day_url, make_shift, started_shift

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger(db):
    """A member who never came to Calais."""
    return VolunteerFactory(
        first_name="Sabine",
        last_name="Stranger",
        email="sabine.stranger@example.org",
        phone="+33677889900",
        emergency_contact_name="Her Mother",
        languages=["de", "fr"],
    )


def _profile(person) -> str:
    return f"/volunteers/{person.pk}/"


def test_the_assign_search_shows_no_contact_details(coordinator_client, mission, stranger):
    shift = make_shift(mission)
    response = coordinator_client.get(reverse("roster:assign", args=["calais", shift.pk]), {"q": "example"})
    assert "Sabine" not in response.text  # a part of an address finds nobody
    response = coordinator_client.get(reverse("roster:assign", args=["calais", shift.pk]), {"q": "sabine"})
    assert response["Cache-Control"] and "no-store" in response["Cache-Control"]
    html = response.text
    assert "Sabine S." in html and "Stranger" not in html
    assert "German, French" in html and "free then" in html
    for secret in ["sabine.stranger@", "77 88 99 00", "+33677889900", "Her Mother"]:
        assert secret not in html


def test_the_assign_search_says_who_is_busy_then(coordinator_client, mission, paris_mission, stranger):
    shift = make_shift(mission)
    confirmed(make_shift(paris_mission), stranger)  # in Paris at the same time
    html = coordinator_client.get(reverse("roster:assign", args=["calais", shift.pk]), {"q": "sabine"}).text
    assert "busy then" in html and "free then" not in html


def test_booking_someone_then_cancelling_does_not_open_their_profile(
    coordinator_client, coordinator, mission, stranger
):
    shift = make_shift(mission)
    coordinator_client.post(reverse("roster:assign", args=["calais", shift.pk]), {"volunteer": stranger.pk})
    signup = Signup.objects.get(volunteer=stranger)
    assert signup.booked_by == coordinator
    assert not can_view_volunteer(viewer=coordinator, volunteer=stranger)
    assert coordinator_client.get(_profile(stranger)).status_code == 404
    services.cancel(signup=signup, by=coordinator)
    assert coordinator_client.get(_profile(stranger)).status_code == 404


def test_the_day_roster_print_and_csv_hide_the_contact_of_someone_only_booked_by_a_coordinator(
    coordinator_client, coordinator, mission, stranger
):
    shift = make_shift(mission)
    services.sign_up(volunteer=stranger, shift=shift, by=coordinator)
    for url in [day_url(shift), day_url(shift) + "?print=1"]:
        html = coordinator_client.get(url).text
        assert "Sabine S." in html, url
        assert "Stranger" not in html and "77 88 99 00" not in html, url
    csv_url = reverse("roster:day_csv", args=["calais", FUTURE_DAY.isoformat()])
    (row,) = csv.DictReader(io.StringIO(coordinator_client.get(csv_url).content.decode("utf-8-sig")))
    assert (row["first name"], row["last name"], row["phone"], row["email"]) == ("Sabine", "S", "", "")
    signup = Signup.objects.get(volunteer=stranger)
    page = coordinator_client.get(reverse("roster:signup", args=["calais", signup.pk])).text
    assert "77 88 99 00" not in page and "sabine.stranger@" not in page and _profile(stranger) not in page


def test_a_cancelled_sign_up_of_their_own_does_not_open_their_profile(client, coordinator, mission, stranger):
    signup = services.sign_up(volunteer=stranger, shift=make_shift(mission))
    services.cancel(signup=signup, by=stranger)
    client.force_login(coordinator)
    assert client.get(_profile(stranger)).status_code == 404


def test_signing_up_themselves_opens_their_contact_details(client, coordinator, mission, stranger):
    shift = make_shift(mission)
    services.sign_up(volunteer=stranger, shift=shift)
    client.force_login(coordinator)
    assert "Her Mother" in client.get(_profile(stranger)).text
    assert "+33 6 77 88 99 00" in client.get(day_url(shift)).text


def test_coming_to_a_shift_opens_their_contact_details(client, coordinator, mission, stranger):
    signup = confirmed(started_shift(mission), stranger, booked_by=coordinator)
    assert not can_view_volunteer(viewer=coordinator, volunteer=stranger)
    services.mark_attendance(signup=signup, attendance=Signup.Attendance.PRESENT, by=coordinator)
    assert can_view_volunteer(viewer=coordinator, volunteer=stranger)
    client.force_login(coordinator)
    assert client.get(_profile(stranger)).status_code == 200


def test_a_walk_in_added_by_the_coordinator_shows_their_phone(coordinator_client, coordinator, mission):
    shift = make_shift(mission)
    coordinator_client.post(
        reverse("roster:walk_in", args=["calais", shift.pk]),
        {"first_name": "Wally", "last_name": "Walker", "phone": "06 12 34 56 78", "birth_date": "1995-02-03"},
    )
    assert "+33 6 12 34 56 78" in coordinator_client.get(day_url(shift)).text


def test_a_coordinator_of_another_site_sees_nothing_by_id(client, chapelle, mission, stranger):
    services.sign_up(volunteer=stranger, shift=make_shift(mission))  # signed up herself, in Calais
    paris_coordinator = VolunteerFactory()
    chapelle.coordinators.add(paris_coordinator)
    assert not can_view_volunteer(viewer=paris_coordinator, volunteer=stranger)
    client.force_login(paris_coordinator)
    assert client.get(_profile(stranger)).status_code == 404


def test_admins_see_every_contact_on_the_roster(client, admin_user, coordinator, mission, stranger):
    shift = make_shift(mission)
    services.sign_up(volunteer=stranger, shift=shift, by=coordinator)
    client.force_login(admin_user)
    assert "+33 6 77 88 99 00" in client.get(day_url(shift)).text
    assert client.get(_profile(stranger)).status_code == 200
