"""allauth's emails (address confirmation, password reset...) are the product's own: our words, the
organisation's name, in the person's language. Never "Hello from 127.0.0.1:8000!"."""

import pytest
from django.core import mail

from .test_registration import SIGNUP_URL, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sent(django_capture_on_commit_callbacks):
    """Account emails go through the outbox: sent once the request's transaction commits."""
    return django_capture_on_commit_callbacks


def _assert_ours(message):
    text = message.subject + message.body
    assert "Hello from" not in text
    assert "127.0.0.1:8000!" not in text and "[127.0.0.1" not in message.subject
    assert "Utopia 56" in message.subject
    assert "Utopia 56" in message.body


def test_the_confirmation_after_registering_is_ours_in_the_language_of_the_form(client, _sent):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    with _sent(execute=True):
        client.post(SIGNUP_URL, form_data())

    (message,) = mail.outbox
    _assert_ours(message)
    assert message.subject.startswith("Bienvenue chez Utopia 56")
    assert "confirmez votre adresse" in message.body.lower() or "confirmer votre adresse" in message.body.lower()


def test_a_password_reset_is_ours_in_the_persons_language(client, volunteer, _sent):
    volunteer.preferred_language = "fr"
    volunteer.save()
    # Asked from an English page: the email follows the language the person chose for our messages.
    with _sent(execute=True):
        client.post("/accounts/password/reset/", {"email": "vera@example.org"})

    (message,) = mail.outbox
    _assert_ours(message)
    assert "nouveau mot de passe" in message.body
    assert "/accounts/password/reset/key/" in message.body


def test_a_password_reset_in_english(client, volunteer, _sent):
    with _sent(execute=True):
        client.post("/accounts/password/reset/", {"email": "vera@example.org"})
    (message,) = mail.outbox
    _assert_ours(message)
    assert message.subject == "Utopia 56: choose a new password"
    assert message.body.startswith("Hello,")
    assert "The Utopia 56 volunteer team" in message.body


def test_an_unknown_address_gets_our_words_too(client, settings, _sent):
    settings.ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
    with _sent(execute=True):
        client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    (message,) = mail.outbox
    _assert_ours(message)
    assert "We have no account with this address" in message.body


def test_the_organisation_comes_from_the_settings(client, volunteer, settings, _sent):
    settings.UTOPIA_ORGANISATION_NAME = "Another Association"
    with _sent(execute=True):
        client.post("/accounts/password/reset/", {"email": "vera@example.org"})
    (message,) = mail.outbox
    assert message.subject == "Another Association: choose a new password"
