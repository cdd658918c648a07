"""The personal-data registry: every model pointing at a person is covered or excluded with a reason, and the
export and erasure of each app go through it (volunteers/personal_data.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api import services as api_services
from records.models import Certificate
from shifts import services as shift_services
from shifts.models import Notification
from tests.factories import ShiftFactory
from volunteers import personal_data, services

pytestmark = pytest.mark.django_db


def test_every_model_pointing_at_a_person_is_covered_or_excluded_with_a_reason():
    assert personal_data.unaccounted_models() == set()


def test_a_model_nobody_declares_is_found(monkeypatch):
    api_module = next(module for module in personal_data.discover() if module.__name__ == "api.personal_data")
    monkeypatch.setattr(api_module, "COVERED", {})
    assert personal_data.unaccounted_models() == {"api.ApiToken"}


def test_an_exclusion_without_a_reason_does_not_count(monkeypatch):
    module = next(module for module in personal_data.discover() if module.__name__ == "donations.personal_data")
    monkeypatch.setattr(module, "EXCLUDED", {**module.EXCLUDED, "donations.OfferMessage": " "})
    assert personal_data.unaccounted_models() == {"donations.OfferMessage"}


def test_no_model_is_declared_twice():
    seen = []
    for module in personal_data.discover():
        seen += [*getattr(module, "COVERED", {}), *getattr(module, "EXCLUDED", {})]
    assert len(seen) == len(set(seen))


def test_every_app_with_a_person_model_has_its_module():
    names = {module.__name__ for module in personal_data.discover()}
    assert {
        "volunteers.personal_data",
        "sites.personal_data",
        "shifts.personal_data",
        "stays.personal_data",
        "records.personal_data",
        "api.personal_data",
    } <= names


def test_sign_ups_are_cancelled_before_the_person_is_anonymised():
    phases = [module.__name__ for module in personal_data.modules_by_phase()]
    assert phases.index("shifts.personal_data") < phases.index("stays.personal_data")
    assert phases[-1] == "volunteers.personal_data"


@pytest.fixture
def late_cancellation(mission, volunteer, coordinator):
    """Vera cancels two hours before the start and tells the coordinators why."""
    shift = ShiftFactory(
        mission=mission, starts_at=timezone.now() + timedelta(hours=2), ends_at=timezone.now() + timedelta(hours=5)
    )
    signup = shift_services.sign_up(volunteer=volunteer, shift=shift)
    shift_services.cancel(signup=signup, message="My daughter is ill, call me on 06 12 34 56 78")
    notification = Notification.objects.get(kind="late_cancellation", signup=signup)
    assert notification.recipient == coordinator
    return notification


def test_the_export_holds_what_the_person_wrote_to_the_coordinators(client, volunteer, late_cancellation):
    client.force_login(volunteer)
    data = client.get("/me/export/").json()
    assert data["messages_to_coordinators"] == [
        {
            "kind": "late_cancellation",
            "signup_id": late_cancellation.signup_id,
            "message": "My daughter is ill, call me on 06 12 34 56 78",
            "written_at": late_cancellation.created_at.isoformat(),
        }
    ]


def test_the_coordinators_message_no_longer_holds_it_after_erasure(volunteer, late_cancellation):
    services.erase_account(volunteer=volunteer)
    late_cancellation.refresh_from_db()
    assert "message" not in late_cancellation.context
    assert "06 12 34 56 78" not in str(late_cancellation.context)


def test_the_export_lists_api_tokens_without_their_secret(client, coordinator):
    created = api_services.create_token(volunteer=coordinator, name="Spreadsheet")
    client.force_login(coordinator)
    response = client.get("/me/export/")
    assert created.token not in response.text
    assert created.api_token.token_hash not in response.text
    [token] = response.json()["api_tokens"]
    assert token["name"] == "Spreadsheet"
    assert token["starts_with"] == created.api_token.hint
    assert token["revoked_at"] is None


def test_the_export_lists_certificates_without_their_secret(client, volunteer):
    today = timezone.localdate()
    certificate = Certificate.objects.create(
        volunteer=volunteer,
        token_hash="f" * 64,
        language="fr",
        issued_at=timezone.now(),
        issued_by=volunteer,
        full_name="Vera Volunteer",
        first_day=today - timedelta(days=10),
        last_day=today,
        volunteer_days=3,
        minutes=600,
    )
    client.force_login(volunteer)
    response = client.get("/me/export/")
    assert "f" * 64 not in response.text
    [exported] = response.json()["certificates"]
    assert exported["id"] == certificate.pk
    assert exported["issued_by"] == "themselves"
    assert exported["volunteer_days"] == 3
