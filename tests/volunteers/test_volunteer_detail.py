import pytest
from django.contrib.auth.models import Permission

from shifts.models import Signup
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calais_signup(mission, volunteer):
    """Vera signed up herself at Calais: its coordinators may see her contact details."""
    return SignupFactory(shift=ShiftFactory(mission=mission), volunteer=volunteer, status=Signup.Status.CONFIRMED)


def url(person):
    return f"/volunteers/{person.pk}/"


@pytest.mark.parametrize("viewer_name", ["volunteer", "outsider"])
def test_volunteers_cannot_open_another_volunteers_page(client, request, calais_signup, viewer_name):
    viewer = request.getfixturevalue(viewer_name)
    other = VolunteerFactory()
    SignupFactory(shift=calais_signup.shift, volunteer=other)
    client.force_login(viewer)
    target = other if viewer_name == "volunteer" else calais_signup.volunteer
    assert client.get(url(target)).status_code == 404


def test_a_volunteer_cannot_open_their_own_page_either(client, volunteer, calais_signup):
    client.force_login(volunteer)
    assert client.get(url(volunteer)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, calais_signup):
    response = client.get(url(calais_signup.volunteer))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_coordinator_of_another_site_cannot(client, chapelle, calais_signup):
    other_coordinator = VolunteerFactory()
    chapelle.coordinators.add(other_coordinator)
    client.force_login(other_coordinator)
    assert client.get(url(calais_signup.volunteer)).status_code == 404


def test_coordinator_gets_the_same_answer_for_a_missing_person(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/volunteers/999999/").status_code == 404


def test_coordinator_of_the_site_sees_contact_details_of_who_signed_up_themselves(client, coordinator, calais_signup):
    client.force_login(coordinator)
    response = client.get(url(calais_signup.volunteer))
    assert response.status_code == 200
    text = response.text
    assert "Vera Volunteer" in text
    assert "vera@example.org" in text
    assert "06 12 34 56 78" in text
    assert "Dominique Contact" in text and "06 98 76 54 32" in text
    assert "French" in text and "English" in text
    assert "1990" not in text  # the age is enough; the birth date stays private


def test_coordinator_sees_only_sign_ups_at_their_own_sites(client, coordinator, chapelle, calais_signup):
    paris_mission = MissionFactory(site=chapelle, name="Breakfast in Paris")
    SignupFactory(shift=ShiftFactory(mission=paris_mission), volunteer=calais_signup.volunteer)
    client.force_login(coordinator)
    text = client.get(url(calais_signup.volunteer)).text
    assert "Warehouse sorting" in text
    assert "Breakfast in Paris" not in text


def test_admin_sees_everyone(client, admin_user, volunteer):
    client.force_login(admin_user)
    assert client.get(url(volunteer)).status_code == 200


def test_staff_without_permission_to_view_volunteers_cannot(client, calais_signup):
    staff = VolunteerFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(url(calais_signup.volunteer)).status_code == 404
    staff.user_permissions.add(Permission.objects.get(codename="view_volunteer"))
    assert client.get(url(calais_signup.volunteer)).status_code == 200


def _signups(volunteer, mission, count):
    for _ in range(count):
        SignupFactory(shift=ShiftFactory(mission=mission), volunteer=volunteer, status=Signup.Status.CONFIRMED)


def test_sign_ups_are_paginated_with_a_flat_query_count(client, coordinator, volunteer, mission, query_budget):
    _signups(volunteer, mission, 3)
    client.force_login(coordinator)
    with query_budget(12) as small:
        client.get(url(volunteer))
    _signups(volunteer, mission, 40)
    with query_budget(len(small.captured_queries)):
        response = client.get(url(volunteer))
    assert len(response.context["page"].object_list) == 20
    assert "Page 1 of 3" in response.text
    assert len(client.get(url(volunteer) + "?page=3").context["page"].object_list) == 3
