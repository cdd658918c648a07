"""/me/shifts/ names each shift's buddy (first name and initial); the phone only from the shift's day
(shifts.contact.buddies_see_phones)."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from shifts import services
from shifts.models import Signup
from tests.factories import ShiftFactory, VolunteerFactory, local_dt
from tests.onboarding.conftest import attended

pytestmark = pytest.mark.django_db


def pair(mission, coordinator, starts):
    shift = ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=5)
    newcomer = VolunteerFactory(first_name="Nina", last_name="Newman", phone="+33611111111")
    veteran = VolunteerFactory(first_name="Bruno", last_name="Vidal", phone="+33622222222")
    attended(veteran, mission, 3)
    services.sign_up(volunteer=newcomer, shift=shift)
    services.sign_up(volunteer=veteran, shift=shift)
    signup = Signup.objects.get(volunteer=newcomer, shift=shift)
    services.set_buddy(signup=signup, buddy=veteran, by=coordinator)
    return newcomer, veteran


def test_both_see_each_other_by_first_name_and_initial_no_phone_before_the_day(client, mission, coordinator):
    day = timezone.localdate() + timedelta(days=3)
    newcomer, veteran = pair(mission, coordinator, local_dt(day, time(10)))

    client.force_login(newcomer)
    page = client.get("/me/shifts/").text
    assert "Your buddy: <strong>Bruno V.</strong>" in page
    assert "Vidal" not in page and "tel:+33622222222" not in page

    client.force_login(veteran)
    page = client.get("/me/shifts/").text
    assert "You look after: <strong>Nina N.</strong>" in page
    assert "tel:+33611111111" not in page


def test_the_phone_shows_on_the_day(client, mission, coordinator, time_machine):
    time_machine.move_to(local_dt(timezone.localdate(), time(9)))
    newcomer, _veteran = pair(mission, coordinator, timezone.now() + timedelta(hours=1))
    client.force_login(newcomer)
    page = client.get("/me/shifts/").text
    assert 'Bruno V.</strong> · <a href="tel:+33622222222">' in page


def test_my_shifts_in_french(client, mission, coordinator):
    newcomer, _veteran = pair(mission, coordinator, local_dt(timezone.localdate() + timedelta(days=3), time(10)))
    client.force_login(newcomer)
    client.cookies["django_language"] = "fr"
    assert "Votre binôme\u00a0: <strong>Bruno V.</strong>" in client.get("/me/shifts/").text


def test_the_query_count_does_not_grow_with_buddies(client, mission, coordinator, query_budget):
    newcomer, _veteran = pair(mission, coordinator, local_dt(timezone.localdate() + timedelta(days=3), time(10)))
    client.force_login(newcomer)
    with query_budget() as few:
        client.get("/me/shifts/")
    for days in (4, 5, 6):
        shift = ShiftFactory(
            mission=mission,
            starts_at=local_dt(timezone.localdate() + timedelta(days=days), time(10)),
            ends_at=local_dt(timezone.localdate() + timedelta(days=days), time(12)),
        )
        Signup.objects.create(shift=shift, volunteer=newcomer, status=Signup.Status.CONFIRMED)
        helper = VolunteerFactory()
        Signup.objects.create(shift=shift, volunteer=helper, status=Signup.Status.CONFIRMED)
        Signup.objects.filter(shift=shift, volunteer=newcomer).update(buddy=helper)
    with query_budget(len(few)):
        page = client.get("/me/shifts/").text
    assert page.count("Your buddy:") == 4
