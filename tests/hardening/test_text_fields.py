"""Free text from outside: every form's text field refuses NUL bytes (PostgreSQL cannot store them) with a form
error, and has a length that fits its column; the cancellation message goes through a form too."""

import importlib
import inspect
from datetime import timedelta

import pytest
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from phonenumber_field.formfields import PhoneNumberField

from shifts.models import Signup
from tests.factories import ShiftFactory

FORM_MODULES = [
    "shifts.roster.forms",
    "shifts.onboarding.forms",
    "shifts.volunteer.forms",
    "stays.forms",
    "volunteers.forms",
    "volunteers.qualifications.forms",
    "sites.forms",
    "records.forms",
    "api.forms",
]
# Text kept in a TextField (no column length), or never stored.
UNBOUNDED = {("ShiftEditForm", "notes"), ("EraseAccountForm", "password")}


def _text_fields():
    for module_name in FORM_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                for field_name, field in cls.base_fields.items():
                    if isinstance(field, forms.CharField) and not isinstance(field, PhoneNumberField):
                        yield name, field_name, field


def test_the_walk_finds_the_text_fields():
    found = {(form, name) for form, name, _ in _text_fields()}
    assert ("CancelForm", "message") in found and ("WaiverForm", "reason") in found


def test_every_text_field_refuses_nul_bytes():
    for form, name, field in _text_fields():
        assert any(isinstance(v, ProhibitNullCharactersValidator) for v in field.validators), (form, name)
        with pytest.raises(forms.ValidationError):
            field.clean("a\x00b")


def test_every_stored_text_field_has_a_length():
    for form, name, field in _text_fields():
        if (form, name) not in UNBOUNDED:
            assert field.max_length, (form, name)


@pytest.mark.django_db
def test_a_nul_in_the_cancellation_message_is_refused_without_a_500(client, volunteer, mission):
    start = timezone.now() + timedelta(hours=5)
    shift = ShiftFactory(mission=mission, starts_at=start, ends_at=start + timedelta(hours=2), confirmed_count=1)
    signup = Signup.objects.create(shift=shift, volunteer=volunteer)
    client.force_login(volunteer)
    response = client.post(f"/shifts/{shift.pk}/cancel/", {"message": "sorry\x00"}, follow=True)
    assert response.status_code == 200
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED
    response = client.post(f"/shifts/{shift.pk}/cancel/", {"message": "sorry, ill"}, follow=True)
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CANCELLED
