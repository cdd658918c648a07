"""Admin goes through the stay rules; seed_sites gives Calais one accommodation and the others none."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from sites.models import Accommodation
from stays import services
from stays.models import Stay, StayNight
from tests.factories import VolunteerFactory

from .conftest import ARRIVAL, working

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


def test_seed_sites_houses_people_in_calais_only():
    call_command("seed_sites")
    call_command("seed_sites")
    assert list(Accommodation.objects.values_list("site__slug", flat=True)) == ["calais"]
    calais = Accommodation.objects.get()
    assert calais.beds > 0 and calais.price_per_night == 5 and calais.house_rules_fr


def test_seed_sites_keeps_the_beds_set_in_admin():
    call_command("seed_sites")
    Accommodation.objects.update(beds=12)
    call_command("seed_sites")
    assert Accommodation.objects.get().beds == 12


def test_admin_add_goes_through_plan_stay(admin_client_, admin_user, calais, bungalows, mission):
    person = VolunteerFactory()
    data = {
        "volunteer": person.pk,
        "site": calais.pk,
        "arrives_on": ARRIVAL.isoformat(),
        "leaves_on": (ARRIVAL + timedelta(days=2)).isoformat(),
        "needs_bed": "on",
        "travel": "",
        "note": "",
        "bed_nights-TOTAL_FORMS": "0",
        "bed_nights-INITIAL_FORMS": "0",
    }
    response = admin_client_.post(reverse("admin:stays_stay_add"), data)
    assert response.status_code == 200
    assert "No shift yet" in response.content.decode() or "no shift" in response.content.decode()
    assert not Stay.objects.exists()

    working(person, mission, ARRIVAL, 2)
    response = admin_client_.post(reverse("admin:stays_stay_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    stay = Stay.objects.get()
    assert stay.booked_by == admin_user
    assert stay.bed_nights.count() == 2


def test_admin_lists_and_filters(admin_client_, calais, bungalows, mission):
    person = VolunteerFactory()
    working(person, mission, ARRIVAL, 1)
    services.plan_stay(
        volunteer=person, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=1), needs_bed=True
    )
    assert (
        admin_client_.get(reverse("admin:stays_stay_changelist") + f"?site__id__exact={calais.pk}").status_code == 200
    )
    assert (
        admin_client_.get(
            reverse("admin:stays_staynight_changelist") + f"?accommodation__id__exact={bungalows.pk}"
        ).status_code
        == 200
    )
    assert admin_client_.get(reverse("admin:sites_accommodation_changelist")).status_code == 200


def test_admin_cancel_action_frees_the_beds(admin_client_, calais, bungalows, mission):
    person = VolunteerFactory()
    working(person, mission, ARRIVAL, 1)
    stay = services.plan_stay(
        volunteer=person, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=1), needs_bed=True
    )
    admin_client_.post(
        reverse("admin:stays_stay_changelist"), {"action": "cancel_stays", "_selected_action": [stay.pk]}
    )
    stay.refresh_from_db()
    assert stay.status == Stay.Status.CANCELLED and not StayNight.objects.exists()
