import json

import pytest
from django.utils import timezone

from shifts import services as shift_services
from shifts.models import Notification, Signup
from tests.factories import ShiftFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_shift(mission, volunteer, outsider):
    shift = ShiftFactory(mission=mission, capacity=5)
    mine = shift_services.sign_up(volunteer=volunteer, shift=shift)
    theirs = shift_services.sign_up(volunteer=outsider, shift=shift)
    Signup.objects.filter(pk=mine.pk).update(reminder_sent_at=timezone.now())
    Notification.objects.create(kind="promoted", recipient=volunteer, shift=shift, signup=mine, dedupe_key="a")
    Notification.objects.create(kind="promoted", recipient=outsider, shift=shift, signup=theirs, dedupe_key="b")
    return shift


def test_export_needs_a_login(client):
    assert client.get("/me/export/").status_code == 302


def test_export_is_a_json_download_of_my_data(client, volunteer, shared_shift):
    client.force_login(volunteer)
    response = client.get("/me/export/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"]["email"] == "vera@example.org"
    assert data["profile"]["phone"] == "+33612345678"
    assert data["profile"]["birth_date"] == "1990-05-17"
    assert data["profile"]["emergency_contact_name"] == "Dominique Contact"
    assert data["profile"]["languages"] == ["fr", "en"]
    [signup] = data["signups"]
    assert signup["status"] == "confirmed"
    assert signup["attendance"] == "unknown"
    assert signup["reminder_sent_at"] is not None
    assert signup["shift"]["site"] == "Calais"
    assert signup["shift"]["mission"] == "Warehouse sorting"
    local_start = shared_shift.local_starts_at
    assert signup["shift"]["starts_at_local"] == local_start.isoformat()
    assert signup["shift"]["starts_at_local"].endswith(("+01:00", "+02:00"))  # Paris time, not UTC
    # The confirmation of their own sign-up, then the seat from the waiting list.
    assert [n["kind"] for n in data["notifications"]] == ["own_signup", "promoted"]
    assert data["profile"]["signup_confirmations"] is True


def test_export_holds_nobody_elses_data(client, volunteer, outsider, shared_shift):
    client.force_login(volunteer)
    text = client.get("/me/export/").content.decode()
    assert "otto@example.org" not in text
    assert "Otto" not in text and "Outsider" not in text
    their_signup = Signup.objects.get(volunteer=outsider)
    assert f'"id": {their_signup.pk},' not in text
    assert len(json.loads(text)["notifications"]) == 2  # their own sign-up's confirmation and the seat


def test_each_person_gets_their_own_export(client, outsider, shared_shift):
    client.force_login(outsider)
    data = json.loads(client.get("/me/export/").content)
    assert data["profile"]["email"] == "otto@example.org"
    assert "vera@example.org" not in json.dumps(data)


def test_export_of_someone_with_nothing_yet(client):
    newcomer = VolunteerFactory()
    client.force_login(newcomer)
    data = json.loads(client.get("/me/export/").content)
    assert data["signups"] == [] and data["notifications"] == []
