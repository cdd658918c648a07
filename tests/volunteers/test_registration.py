import re
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError

from volunteers import charter as charters
from volunteers import services
from volunteers.models import Charter, QualificationGrant, Volunteer

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"


def years_ago(years: int, today: date | None = None) -> date:
    today = today or services.local_today()
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def form_data(**overrides):
    data = {
        "email": "Maria.Schmidt@Example.org",
        "password1": "a-long-enough-passphrase",
        "first_name": "Maria",
        "last_name": "Schmidt",
        "birth_date": years_ago(30).isoformat(),
        "phone": "06 11 22 33 44",
    }
    data.update(overrides)
    return data


def test_signup_page_has_the_contract_fields(client):
    response = client.get(SIGNUP_URL)
    assert response.status_code == 200
    html = response.text
    for name in ("email", "password1", "first_name", "last_name", "birth_date", "phone"):
        assert f'name="{name}"' in html, name
    assert 'type="date"' in html
    assert "style=" not in html


def test_registration_asks_seven_things_and_nothing_more(client):
    charters.publish_charter(charter=Charter.objects.create(version=1, text="Be kind."))
    html = client.get(SIGNUP_URL).text
    asked = set(re.findall(r'<(?:input|select|textarea)[^>]*name="([a-z_0-9]+)"', html)) - {
        "csrfmiddlewaretoken",
        "charter_version",
        "next",
    }
    assert asked == {"first_name", "last_name", "email", "password1", "birth_date", "phone", "charter"}
    for later in ("password2", "languages", "emergency_contact_name", "has_driving_licence", "sms_reminders"):
        assert f'name="{later}"' not in html, later


def _drives(person) -> bool:
    return QualificationGrant.objects.active().filter(volunteer=person, qualification__slug="driving-licence").exists()


def test_adult_registers_with_every_field_stored(client):
    response = client.post(SIGNUP_URL, form_data(), follow=True)

    assert response.status_code == 200
    person = Volunteer.objects.get(email="maria.schmidt@example.org")
    assert person.first_name == "Maria"
    assert person.last_name == "Schmidt"
    assert person.birth_date == years_ago(30)
    assert str(person.phone) == "+33611223344"
    assert person.emergency_contact_name == "" and not person.emergency_contact_phone  # asked before a night
    assert person.languages == ["en"]  # the language of the page, changed on /me/
    assert not _drives(person)
    assert person.preferred_language == "en"
    assert person.sms_reminders is False and person.urgent_calls is False
    assert person.check_password("a-long-enough-passphrase")
    assert EmailAddress.objects.filter(user=person, email="maria.schmidt@example.org", primary=True).exists()
    # Verification is optional in tests: the new volunteer is logged in.
    assert response.context["user"] == person


def test_preferred_language_defaults_to_the_page_language(client):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    client.post(SIGNUP_URL, form_data())
    assert Volunteer.objects.get(email="maria.schmidt@example.org").preferred_language == "fr"


def test_fields_asked_later_are_ignored_at_registration(client):
    client.post(
        SIGNUP_URL, form_data(sms_reminders="on", urgent_calls="on", languages=["de"], has_driving_licence="on")
    )
    person = Volunteer.objects.get(email="maria.schmidt@example.org")
    assert (person.sms_reminders, person.urgent_calls, person.languages) == (False, False, ["en"])
    assert not _drives(person)


def test_under_18_is_refused_and_nothing_is_stored(client):
    birth = years_ago(17)
    response = client.post(SIGNUP_URL, form_data(birth_date=birth.isoformat()))

    assert response.status_code == 200
    errors = response.context["form"].errors["birth_date"]
    assert any("18" in error for error in errors)
    assert "18 or older" in response.text
    assert not Volunteer.objects.exists()
    assert not EmailAddress.objects.exists()


def test_eighteenth_birthday_today_is_accepted(client):
    client.post(SIGNUP_URL, form_data(birth_date=years_ago(18).isoformat()))
    assert Volunteer.objects.filter(email="maria.schmidt@example.org").exists()


def test_one_day_short_of_18_is_refused(client):
    from datetime import timedelta

    birth = years_ago(18) + timedelta(days=1)
    response = client.post(SIGNUP_URL, form_data(birth_date=birth.isoformat()))
    assert "birth_date" in response.context["form"].errors
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize(
    ("today", "accepted"),
    [
        (date(2026, 2, 28), False),  # born 29 February 2008: not yet 18 on 28 February 2026
        (date(2026, 3, 1), True),  # the birthday of a leap-day child counts on 1 March in common years
        (date(2028, 2, 29), True),
    ],
)
def test_leap_day_birthday_turns_18_on_1_march(client, monkeypatch, today, accepted):
    monkeypatch.setattr(services, "local_today", lambda: today)
    response = client.post(SIGNUP_URL, form_data(birth_date="2008-02-29"))
    assert Volunteer.objects.filter(email="maria.schmidt@example.org").exists() is accepted
    if not accepted:
        assert "18" in " ".join(response.context["form"].errors["birth_date"])


def test_future_birth_date_is_refused(client):
    tomorrow = services.local_today().replace(year=services.local_today().year + 1)
    response = client.post(SIGNUP_URL, form_data(birth_date=tomorrow.isoformat()))
    assert "future" in " ".join(response.context["form"].errors["birth_date"])
    assert not Volunteer.objects.exists()


def test_birth_date_more_than_100_years_ago_is_refused(client):
    from datetime import timedelta

    response = client.post(SIGNUP_URL, form_data(birth_date=(years_ago(100) - timedelta(days=1)).isoformat()))
    assert "100" in " ".join(response.context["form"].errors["birth_date"])
    assert not Volunteer.objects.exists()


def test_badly_written_date_is_refused_with_the_expected_shape(client):
    response = client.post(SIGNUP_URL, form_data(birth_date="17/05/1990"))
    assert "year-month-day" in " ".join(response.context["form"].errors["birth_date"])
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize("phone", ["12345", "06 12", "not a number", "+33 6 12"])
def test_bad_phone_is_refused_with_a_readable_message(client, phone):
    response = client.post(SIGNUP_URL, form_data(phone=phone))
    errors = response.context["form"].errors["phone"]
    assert "valid phone number" in errors[0]
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0611223344", "+33611223344"), ("+44 7911 123456", "+447911123456"), ("+32 470 12 34 56", "+32470123456")],
)
def test_french_and_international_phones_are_accepted(client, typed, stored):
    client.post(SIGNUP_URL, form_data(phone=typed))
    assert str(Volunteer.objects.get().phone) == stored


def test_existing_email_does_not_reveal_the_account_in_production(
    client, volunteer, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    with django_capture_on_commit_callbacks(execute=True):  # account emails go out on commit (the outbox)
        response = client.post(SIGNUP_URL, form_data(email="VERA@example.org"), follow=True)
    assert response.status_code == 200
    assert "already" not in response.text
    assert "Verify Your Email Address" in response.text  # the same page as for a new address
    assert Volunteer.objects.filter(email__iexact="vera@example.org").count() == 1
    # The owner is told by email instead of the visitor on the page.
    assert [message.to for message in mail.outbox] == [["vera@example.org"]]


def test_production_signup_waits_for_email_verification(client, settings, django_capture_on_commit_callbacks):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    with django_capture_on_commit_callbacks(execute=True):  # account emails go out on commit (the outbox)
        response = client.post(SIGNUP_URL, form_data(), follow=True)
    person = Volunteer.objects.get(email="maria.schmidt@example.org")
    assert not response.context["user"].is_authenticated
    assert "Verify Your Email Address" in response.text
    assert [message.to for message in mail.outbox] == [["maria.schmidt@example.org"]]
    assert not EmailAddress.objects.get(user=person).verified


def test_register_service_refuses_a_minor_even_without_the_form():
    person = Volunteer(email="kid@example.org")
    with pytest.raises(ValidationError) as refused:
        services.register(volunteer=person, profile={"birth_date": years_ago(16), "first_name": "Kid"})
    assert "birth_date" in refused.value.error_dict
    assert not Volunteer.objects.exists()


def test_validate_birth_date_rule_at_the_edges():
    today = date(2026, 3, 1)
    services.validate_birth_date(birth_date=date(2008, 3, 1), today=today)
    services.validate_birth_date(birth_date=date(1926, 3, 1), today=today)
    for born, code in [
        (date(2008, 3, 2), "under_18"),
        (date(1926, 2, 28), "too_old"),
        (date(2026, 3, 2), "future"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.validate_birth_date(birth_date=born, today=today)
        assert refused.value.code == code


def test_a_refusal_after_the_form_stores_nothing_and_asks_to_try_again(client, monkeypatch):
    def refuse(*, birth_date, today=None):
        if refuse.calls:
            raise ValidationError("changed in between", code="under_18")
        refuse.calls += 1

    refuse.calls = 0
    monkeypatch.setattr(services, "validate_birth_date", refuse)
    response = client.post(SIGNUP_URL, form_data(), follow=True)
    assert response.status_code == 200
    assert "We could not create your account" in response.text
    assert not Volunteer.objects.exists()
    assert not EmailAddress.objects.exists()


def test_production_settings_make_email_verification_mandatory():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "ACCOUNT_EMAIL_VERIFICATION"}}
    env.update(SECRET_KEY="x" * 50, DATABASE_URL="sqlite:///:memory:", ALLOWED_HOSTS="example.org")
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='utopia.settings.base'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.ACCOUNT_EMAIL_VERIFICATION, s.ACCOUNT_PREVENT_ENUMERATION, s.ACCOUNT_LOGOUT_ON_GET,"
        " s.ACCOUNT_SIGNUP_FORM_CLASS, s.ACCOUNT_ADAPTER)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == [
        "mandatory",
        "True",
        "False",
        "volunteers.forms.VolunteerSignupForm",
        "volunteers.adapter.VolunteerAccountAdapter",
    ]


def test_the_page_language_is_the_first_language_spoken(client):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    client.post(SIGNUP_URL, form_data())
    assert Volunteer.objects.get(email="maria.schmidt@example.org").languages == ["fr"]
