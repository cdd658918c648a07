import re
from datetime import date

import pytest

from tests.factories import VolunteerFactory
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    data = {
        "first_name": "Vera",
        "last_name": "Volunteer-Martin",
        "phone": "07 81 22 33 44",
        "languages": ["ar", "fr"],
        "emergency_contact_name": "Paul Martin",
        "emergency_contact_phone": "+33 6 98 76 54 32",
        "preferred_language": "fr",
        "sms_reminders": "on",
        "urgent_calls": "on",
    }
    data.update(overrides)
    return data


def test_me_needs_a_login(client):
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_me_shows_my_own_details(client, volunteer):
    client.force_login(volunteer)
    response = client.get("/me/")
    assert response.status_code == 200
    assert "vera@example.org" in response.text
    assert 'value="Vera"' in response.text
    assert "06 12 34 56 78" in response.text  # shown in the national format
    assert 'name="birth_date"' not in response.text  # recorded already: not editable here


def test_me_saves_every_editable_field(client, volunteer):
    client.force_login(volunteer)
    response = client.post("/me/", profile_data(), follow=True)
    assert "Your profile has been saved." in response.text
    volunteer.refresh_from_db()
    assert volunteer.last_name == "Volunteer-Martin"
    assert str(volunteer.phone) == "+33781223344"
    assert volunteer.languages == ["fr", "ar"]
    assert volunteer.emergency_contact_name == "Paul Martin"
    assert str(volunteer.emergency_contact_phone) == "+33698765432"
    assert volunteer.sms_reminders and volunteer.urgent_calls
    assert volunteer.preferred_language == "fr"
    assert volunteer.birth_date == date(1990, 5, 17)


def test_me_cannot_change_a_recorded_birth_date(client, volunteer):
    client.force_login(volunteer)
    client.post("/me/", profile_data(birth_date="2015-01-01"))
    volunteer.refresh_from_db()
    assert volunteer.birth_date == date(1990, 5, 17)


def test_me_refuses_a_bad_phone_and_keeps_the_old_one(client, volunteer):
    client.force_login(volunteer)
    response = client.post("/me/", profile_data(phone="123"))
    assert response.status_code == 200
    assert "valid phone number" in response.context["form"].errors["phone"][0]
    volunteer.refresh_from_db()
    assert str(volunteer.phone) == "+33612345678"


def test_account_without_birth_date_can_add_it_once_and_only_as_an_adult(client):
    walk_in = VolunteerFactory(birth_date=None, is_walk_in=True)
    client.force_login(walk_in)
    assert 'name="birth_date"' in client.get("/me/").text

    response = client.post("/me/", profile_data(birth_date="2015-06-01"))
    assert "18" in " ".join(response.context["form"].errors["birth_date"])
    walk_in.refresh_from_db()
    assert walk_in.birth_date is None

    client.post("/me/", profile_data(birth_date="1985-06-01"))
    walk_in.refresh_from_db()
    assert walk_in.birth_date == date(1985, 6, 1)


def test_email_change_goes_through_verification(client, volunteer, django_capture_on_commit_callbacks):
    from allauth.account.models import EmailAddress
    from django.core import mail

    EmailAddress.objects.create(user=volunteer, email=volunteer.email, primary=True, verified=True)
    client.force_login(volunteer)
    assert client.get("/accounts/email/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # account emails go out on commit (the outbox)
        client.post("/accounts/email/", {"action_add": "", "email": "vera.new@example.org"})
    volunteer.refresh_from_db()
    assert volunteer.email == "vera@example.org"  # not before the new address is confirmed

    link = next(line for line in mail.outbox[-1].body.splitlines() if "/accounts/confirm-email/" in line)
    path = link[link.index("/accounts/confirm-email/") :].strip()
    client.post(path)
    volunteer.refresh_from_db()
    assert volunteer.email == "vera.new@example.org"
    assert not Volunteer.objects.filter(email="vera@example.org").exists()


def test_password_reset_by_email_works(client, volunteer, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):  # account emails go out on commit (the outbox)
        response = client.post("/accounts/password/reset/", {"email": "vera@example.org"}, follow=True)
    assert response.status_code == 200
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/accounts/password/reset/key/" in line)
    path = link[link.index("/accounts/password/reset/key/") :].strip()
    form_page = client.get(path, follow=True)
    action = form_page.request["PATH_INFO"]
    client.post(action, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"})
    volunteer.refresh_from_db()
    assert volunteer.check_password("a-brand-new-passphrase")


def test_logout_by_get_does_not_log_out(client, volunteer):
    client.force_login(volunteer)
    response = client.get("/accounts/logout/")
    assert response.status_code == 200
    assert 'method="post"' in response.text
    assert client.get("/me/").status_code == 200

    client.post("/accounts/logout/")
    assert client.get("/me/").status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/password/reset/key/done/",
        "/accounts/password/reset/key/1-bad-key/",
        "/accounts/confirm-email/",
        "/accounts/confirm-email/not-a-key/",
        "/accounts/inactive/",
    ],
)
def test_account_pages_use_the_site_layout(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert 'class="site-header"' in response.text
    assert "style=" not in response.text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text), "inline script"


@pytest.mark.parametrize(
    "url",
    ["/accounts/email/", "/accounts/password/change/", "/accounts/reauthenticate/", "/accounts/logout/", "/me/delete/"],
)
def test_logged_in_account_pages_use_the_site_layout(client, volunteer, url):
    client.force_login(volunteer)
    response = client.get(url)
    assert response.status_code == 200
    assert 'class="site-header"' in response.text
    assert "style=" not in response.text


def test_walk_in_without_password_can_set_one(client):
    walk_in = VolunteerFactory(is_walk_in=True)
    walk_in.set_unusable_password()
    walk_in.save()
    client.force_login(walk_in)
    response = client.get("/accounts/password/set/")
    assert response.status_code == 200
    assert 'class="site-header"' in response.text
