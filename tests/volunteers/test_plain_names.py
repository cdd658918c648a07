"""Names (first, last, emergency contact) refuse control characters and line breaks on every path:
registration, /me/, a walk-in, and the model itself (admin, commands). A walk-in's date of birth has the
bounds registration has."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shifts import services as shift_services
from tests.factories import ShiftFactory
from volunteers.models import Volunteer
from volunteers.validators import validate_plain_name

from .test_registration import SIGNUP_URL, form_data, years_ago

pytestmark = pytest.mark.django_db

BAD = ["Vera\nVolunteer", "Vera\rX", "Ve\tra", "Vera\x00", "Vera\x1b[31m", "Ver\u2028a", "\u202eareV", "Vera\x85"]
GOOD = ["Vera", "José-María", "Zoë O'Brien", "مهر\u200cناز", "Nguyễn Thị", "Jean Paul"]


@pytest.mark.parametrize("name", BAD)
def test_the_validator_refuses_control_characters(name):
    with pytest.raises(ValidationError):
        validate_plain_name(name)


@pytest.mark.parametrize("name", GOOD)
def test_real_names_pass(name):
    validate_plain_name(name)


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_registration_refuses_a_line_break_in_a_name(client, field):
    response = client.post(SIGNUP_URL, form_data(**{field: "Maria\nSchmidt"}))
    assert response.status_code == 200
    assert "cannot contain line breaks" in response.text
    assert not Volunteer.objects.filter(email__iexact="maria.schmidt@example.org").exists()


def test_the_profile_refuses_a_control_character_in_a_name(client, volunteer):
    client.force_login(volunteer)
    data = {
        "first_name": "Vera\x1b",
        "last_name": "Volunteer",
        "phone": "+33612345678",
        "emergency_contact_name": "Dom\ninic",
        "emergency_contact_phone": "+33698765432",
        "preferred_language": "en",
    }
    response = client.post("/me/", data)
    assert response.status_code == 200
    assert response.text.count("cannot contain line breaks") >= 2
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Vera"


def test_the_model_refuses_it_on_every_other_path(volunteer):
    volunteer.last_name = "Volunteer\nInjected: header"
    with pytest.raises(ValidationError) as error:
        volunteer.full_clean(exclude=["password"])
    assert "last_name" in error.value.message_dict


def _walk_in(client, shift, **overrides):
    data = {"first_name": "Wally", "last_name": "Walker", "phone": "06 12 34 56 78", "birth_date": "1995-02-03"}
    data.update(overrides)
    return client.post(reverse("roster:walk_in", args=["calais", shift.pk]), data)


def test_a_walk_in_name_with_a_line_break_is_refused(client, coordinator, mission):
    client.force_login(coordinator)
    response = _walk_in(client, ShiftFactory(mission=mission), last_name="Walker\nX")
    assert response.status_code == 200
    assert "cannot contain line breaks" in response.text
    assert not Volunteer.objects.filter(first_name="Wally").exists()


def test_the_walk_in_service_refuses_it_too(coordinator):
    with pytest.raises(shift_services.SignupRefused) as refusal:
        shift_services.add_walk_in(
            first_name="Wal\u202ely",
            last_name="Walker",
            phone="+33612345678",
            birth_date=date(1990, 1, 1),
            by=coordinator,
        )
    assert refusal.value.code == "name"


def test_a_walk_ins_birth_date_has_the_registration_bounds(client, coordinator, mission):
    client.force_login(coordinator)
    shift = ShiftFactory(mission=mission)
    page = client.get(reverse("roster:walk_in", args=["calais", shift.pk])).text
    assert f'min="{years_ago(100).isoformat()}"' in page
    assert 'max="' in page

    response = _walk_in(client, shift, birth_date="1900-01-01")
    assert response.status_code == 200
    assert "more than 100 years ago" in response.text
    assert not Volunteer.objects.filter(first_name="Wally").exists()
