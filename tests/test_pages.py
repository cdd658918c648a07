import pytest
from django.core.management import call_command

from shifts.models import Signup
from sites.models import Mission
from tests.factories import ShiftFactory, SignupFactory

pytestmark = pytest.mark.django_db


def test_home_names_the_three_sites(client):
    call_command("seed_sites")
    response = client.get("/")
    assert response.status_code == 200
    for name in ("Calais", "Porte de la Chapelle", "Grande-Synthe"):
        assert name in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/admin/volunteers/volunteer/",
        "/admin/sites/site/",
        "/admin/sites/mission/?site__id__exact=1",
        "/admin/shifts/shift/",
        "/admin/shifts/signup/?status__exact=confirmed&shift__mission__site__id__exact=1",
        "/admin/shifts/signup/?q=vera",
        "/admin/shifts/shifttemplate/",
        "/admin/shifts/notification/",
    ],
)
def test_admin_lists_load_with_their_filters(client, admin_user, url):
    call_command("seed_sites")
    shift = ShiftFactory(mission=Mission.objects.get(site__slug="calais", slug="day-maraude"))
    SignupFactory(shift=shift, status=Signup.Status.CONFIRMED)
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200


def test_non_staff_never_reach_admin(client, volunteer):
    client.force_login(volunteer)
    response = client.get("/admin/shifts/signup/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
