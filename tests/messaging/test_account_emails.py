"""Account emails (allauth's confirmation, password reset) go through the outbox: a mail server that is down never
turns a login into a 500; the email waits for the sweep and goes out once."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from outbox import emails
from outbox.models import Email

FAILING = "tests.messaging.test_account_emails.UnreachableSmtp"


class UnreachableSmtp:
    """The SMTP server cannot be reached."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def mandatory(settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"  # as in production


@pytest.mark.django_db
def test_logging_in_unverified_with_the_mail_server_down_answers_and_the_sweep_sends_later(
    mandatory, settings, client, volunteer, django_capture_on_commit_callbacks
):
    EmailAddress.objects.filter(user=volunteer).delete()
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/", {"login": volunteer.email, "password": "correct-horse-battery"})

    assert response.status_code == 302  # to "check your inbox", not a 500
    assert response["Location"] == "/accounts/confirm-email/"
    row = Email.objects.get(to=volunteer.email)
    assert row.sent_at is None and row.attempts == 1
    assert row.last_error.startswith("ConnectionRefusedError")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    later = timezone.now() + emails.QUEUE_GRACE + timedelta(seconds=1)
    assert emails.sweep_emails(now=later) == 1
    assert emails.sweep_emails(now=later) == 0
    (message,) = mail.outbox
    assert message.to == [volunteer.email]
    assert "/accounts/confirm-email/" in message.body


@pytest.mark.django_db
def test_an_account_email_goes_out_once_the_request_commits(client, volunteer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": volunteer.email})

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [volunteer.email]
    assert Email.objects.get(to=volunteer.email).sent_at is not None


@pytest.mark.django_db
def test_account_emails_are_deleted_a_week_after_they_were_written_sent_or_given_up():
    week_ago = timezone.now() - timedelta(days=8)
    sent = Email.objects.create(to="a@example.org", subject="s", text="t", created_at=week_ago, sent_at=week_ago)
    given_up = Email.objects.create(to="b@example.org", subject="s", text="t", created_at=week_ago, attempts=8)
    recent = Email.objects.create(to="c@example.org", subject="s", text="t", created_at=timezone.now())
    emails.sweep_emails()
    assert not Email.objects.filter(pk__in=[sent.pk, given_up.pk]).exists()
    assert Email.objects.filter(pk=recent.pk).exists()


@pytest.mark.django_db
def test_erasing_a_person_deletes_the_account_emails_to_their_address(volunteer):
    from outbox import personal_data

    mine = Email.objects.create(to=volunteer.email.upper(), subject="s", text="t")
    other = Email.objects.create(to="someone@example.org", subject="s", text="t")
    personal_data.erase(volunteer)
    assert not Email.objects.filter(pk=mine.pk).exists()
    assert Email.objects.filter(pk=other.pk).exists()
