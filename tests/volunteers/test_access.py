"""One meaning of admin (volunteers/access.py): an active superuser acts for every site; staff given Django's
view permission read every person's page and write nothing."""

import pytest
from django.contrib.auth.models import Permission

from api import services as api_services
from tests.factories import VolunteerFactory
from volunteers import access

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    staff = VolunteerFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_volunteer"))
    return type(staff).objects.get(pk=staff.pk)  # a fresh copy: Django caches permissions


def test_an_active_superuser_is_the_only_admin(admin_user, reader, coordinator):
    assert access.is_admin(admin_user)
    assert not access.is_admin(reader) and not access.is_admin(coordinator)
    admin_user.is_active = False
    assert not access.is_admin(admin_user)


def test_a_reader_of_everyone_reads_and_writes_no_roster(client, reader, volunteer, calais):
    assert access.may_view_everyone(reader)
    assert access.coordinated_site_ids(reader) == frozenset()
    client.force_login(reader)
    assert client.get(f"/volunteers/{volunteer.pk}/").status_code == 200
    assert client.get("/roster/calais/").status_code == 403
    assert client.get("/roster/calais/stays/").status_code == 403
    assert not api_services.may_hold_token(reader)


def test_a_coordinator_coordinates_their_sites_only(coordinator, calais, chapelle):
    assert access.coordinates(coordinator, calais) and access.coordinates(coordinator, calais.pk)
    assert not access.coordinates(coordinator, chapelle)
    assert access.is_coordinator(coordinator)
    assert api_services.may_hold_token(coordinator)


def test_an_admin_coordinates_every_site(admin_user, chapelle):
    assert access.coordinated_site_ids(admin_user) is None
    assert access.coordinates(admin_user, chapelle)
    assert api_services.may_hold_token(admin_user)
