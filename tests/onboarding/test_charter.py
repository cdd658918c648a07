"""The charter: asked at registration, again before one's own next sign-up after a new version, not for walk-ins."""

import pytest
from django.core.management import call_command

from shifts import services
from tests.factories import ShiftFactory, VolunteerFactory
from tests.onboarding.conftest import publish
from tests.volunteers.test_registration import SIGNUP_URL, form_data
from volunteers import charter as charters
from volunteers import services as volunteer_services
from volunteers.models import Charter, CharterAcceptance, Volunteer

pytestmark = pytest.mark.django_db


def test_registration_shows_the_charter_and_refuses_without_the_box(client, charter):
    page = client.get(SIGNUP_URL).text
    assert 'name="charter"' in page and "No photos without consent." in page

    response = client.post(SIGNUP_URL, form_data(charter_version="1"))

    assert response.status_code == 200
    assert "Please read the charter and tick the box to accept it." in response.text
    assert not Volunteer.objects.exists()


def test_registration_with_the_box_records_the_acceptance(client, charter):
    response = client.post(SIGNUP_URL, form_data(charter="on", charter_version="1"))

    assert response.status_code == 302
    person = Volunteer.objects.get(email="maria.schmidt@example.org")
    acceptance = CharterAcceptance.objects.get(volunteer=person)
    assert acceptance.charter == charter and acceptance.recorded_by is None


def test_registration_refuses_a_version_published_while_reading(client, charter):
    page_version = "1"
    publish(2, text="Be kind.\nNew rule.")

    response = client.post(SIGNUP_URL, form_data(charter="on", charter_version=page_version))

    assert response.status_code == 200
    assert "The charter has just been updated" in response.text
    assert "New rule." in response.text and 'name="charter_version" value="2"' in response.text
    assert not Volunteer.objects.exists()


def test_with_no_charter_published_nothing_is_asked(client, mission):
    assert 'name="charter"' not in client.get(SIGNUP_URL).text
    assert client.post(SIGNUP_URL, form_data()).status_code == 302
    person = Volunteer.objects.get()
    assert services.sign_up(volunteer=person, shift=ShiftFactory(mission=mission)).status == "confirmed"


def on_day(mission, days: int):
    from datetime import time, timedelta

    from django.utils import timezone

    from tests.factories import local_dt

    return ShiftFactory(mission=mission, starts_at=local_dt(timezone.localdate() + timedelta(days=days), time(10)))


def test_a_new_version_blocks_the_next_own_sign_up_until_accepted(charter, mission, coordinator):
    person = VolunteerFactory()
    charters.accept_charter(volunteer=person, charter=charter)
    services.sign_up(volunteer=person, shift=on_day(mission, 1))
    second = publish(2, text="Be kind.\nNo photos without consent.\nNew: wear the vest.")

    with pytest.raises(services.SignupRefused) as refused:
        services.sign_up(volunteer=person, shift=on_day(mission, 2))
    assert refused.value.code == "charter"
    assert "new version of our charter" in refused.value.messages[0]
    # A coordinator booking them (a walk-in, the roster) is not held up.
    assert services.sign_up(volunteer=person, shift=on_day(mission, 3), by=coordinator)

    charters.accept_charter(volunteer=person, charter=second)
    assert services.sign_up(volunteer=person, shift=on_day(mission, 4)).status == "confirmed"


def test_the_charter_page_shows_what_changed_and_accepts(client, charter):
    person = VolunteerFactory()
    charters.accept_charter(volunteer=person, charter=charter)
    publish(2, text="Be kind.\nWear the vest.", changes="We added the vest.")
    client.force_login(person)

    page = client.get("/me/charter/").text
    assert "We added the vest." in page
    assert "<ins>" in page and "Wear the vest." in page
    assert "<del>" in page and "No photos without consent." in page

    response = client.post("/me/charter/", {"version": "2", "accept": "1", "next": "/shifts/"})
    assert response.status_code == 302 and response["Location"] == "/shifts/"
    assert charters.charter_to_accept(person) is None


def test_the_charter_page_refuses_without_the_box(client, charter):
    person = VolunteerFactory()
    client.force_login(person)
    client.post("/me/charter/", {"version": "1"})
    assert charters.charter_to_accept(person) == charter


def test_publishing_needs_a_higher_version(charter):
    from django.core.exceptions import ValidationError

    charters.publish_charter(charter=Charter.objects.create(version=3, text="Three"))
    two = Charter.objects.create(version=2, text="Two")

    with pytest.raises(ValidationError) as refused:
        charters.publish_charter(charter=two)

    assert refused.value.code == "version_not_newer"
    assert charters.current_charter().version == 3


def test_the_export_lists_acceptances(charter, coordinator):
    person = VolunteerFactory()
    charters.accept_charter(volunteer=person, charter=charter, by=coordinator)

    data = volunteer_services.export_data(volunteer=person)

    assert data["charter_acceptances"] == [
        {
            "version": 1,
            "accepted_at": CharterAcceptance.objects.get().accepted_at.isoformat(),
            "confirmed_by_a_coordinator": True,
        }
    ]


def test_seed_sites_publishes_version_one_in_both_languages():
    call_command("seed_sites")
    call_command("seed_sites")

    charter = Charter.objects.get()
    assert charter.version == 1 and charter.is_published
    assert "18" in charter.text and "18" in charter.text_fr
    assert "photo" in charter.text.lower() and "photo" in charter.text_fr.lower()
    assert "consent" in charter.text and "accord" in charter.text_fr
