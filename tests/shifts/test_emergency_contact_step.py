"""The shift page's one short step when the rule emergency_contact refuses: two fields and one button that save
the contact and book the shift in the same POST; the languages refusal links to the languages on /me/."""

from datetime import date, time

import pytest
import time_machine

from shifts.models import Signup
from tests.factories import ShiftFactory, VolunteerFactory, local_dt

pytestmark = pytest.mark.django_db

NOW = local_dt(date(2031, 6, 10), time(12))


@pytest.fixture(autouse=True)
def pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def night(mission):
    return ShiftFactory(
        mission=mission, starts_at=local_dt(date(2031, 6, 14), time(20)), ends_at=local_dt(date(2031, 6, 15), time(0))
    )


@pytest.fixture
def newcomer(client):
    person = VolunteerFactory(emergency_contact_name="", emergency_contact_phone="")
    client.force_login(person)
    return person


def test_the_page_asks_for_the_contact_before_the_tap(client, night, newcomer):
    page = client.get(f"/shifts/{night.pk}/")
    assert 'name="emergency_contact_name"' in page.text and 'name="emergency_contact_phone"' in page.text
    assert "Save and sign up" in page.text
    assert "Sign up for this shift" not in page.text


def test_one_post_saves_the_contact_and_books(client, night, newcomer):
    response = client.post(
        f"/shifts/{night.pk}/signup/",
        {"emergency_contact_name": "Dominique", "emergency_contact_phone": "06 98 76 54 32"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "You are booked" in response.text
    newcomer.refresh_from_db()
    assert newcomer.emergency_contact_name == "Dominique"
    assert str(newcomer.emergency_contact_phone) == "+33698765432"
    assert Signup.objects.get(shift=night, volunteer=newcomer).status == Signup.Status.CONFIRMED


def test_a_missing_phone_saves_nothing_and_keeps_what_was_typed(client, night, newcomer):
    response = client.post(
        f"/shifts/{night.pk}/signup/", {"emergency_contact_name": "Dominique"}, headers={"HX-Request": "true"}
    )
    assert "Give both the name and the phone number" in response.text
    assert 'value="Dominique"' in response.text
    newcomer.refresh_from_db()
    assert newcomer.emergency_contact_name == ""
    assert not Signup.objects.filter(shift=night, volunteer=newcomer).exists()


def test_the_persons_own_number_is_not_an_emergency_contact(client, night, newcomer):
    response = client.post(
        f"/shifts/{night.pk}/signup/",
        {"emergency_contact_name": "Me", "emergency_contact_phone": str(newcomer.phone)},
        follow=True,
    )
    assert "a phone number other than yours" in response.text
    assert not Signup.objects.filter(shift=night, volunteer=newcomer).exists()


def test_a_day_shift_shows_the_plain_button(client, mission, newcomer):
    day = ShiftFactory(
        mission=mission, starts_at=local_dt(date(2031, 6, 14), time(9)), ends_at=local_dt(date(2031, 6, 14), time(13))
    )
    page = client.get(f"/shifts/{day.pk}/")
    assert "Sign up for this shift" in page.text and "emergency_contact_name" not in page.text


def test_the_languages_refusal_links_to_the_languages_on_me_and_back(client, mission, newcomer):
    mission.required_languages = ["ar"]
    mission.save()
    day = ShiftFactory(
        mission=mission, starts_at=local_dt(date(2031, 6, 14), time(9)), ends_at=local_dt(date(2031, 6, 14), time(13))
    )
    page = client.get(f"/shifts/{day.pk}/")
    assert f"/me/?next=/shifts/{day.pk}/#languages" in page.text.replace("%2F", "/")
    me = client.get(f"/me/?next=/shifts/{day.pk}/")
    assert 'id="languages"' in me.text and f'name="next" value="/shifts/{day.pk}/"' in me.text
