"""send_due_reminders: each confirmed volunteer reminded once, within their site's window, never lost."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from shifts.messaging import mail as messaging
from shifts.models import Signup
from shifts.tasks import send_due_reminders
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, VolunteerFactory

from .conftest import book


class FailingEmailBackend:
    """An SMTP server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


FAILING = "tests.messaging.test_sweep.FailingEmailBackend"


def test_sweeping_twice_sends_one_reminder_each(soon_shift, volunteer, outsider):
    first, second = book(volunteer, soon_shift), book(outsider, soon_shift)

    assert send_due_reminders() == 2
    assert send_due_reminders() == 0

    assert sorted(message.to[0] for message in mail.outbox) == ["otto@example.org", "vera@example.org"]
    for signup in (first, second):
        signup.refresh_from_db()
        assert signup.reminder_sent_at is not None
        assert signup.reminder_attempts == 1
        assert signup.reminder_last_error == ""


def test_only_confirmed_signups_on_live_shifts_are_reminded(soon_shift, volunteer, outsider, mission):
    book(volunteer, soon_shift)
    SignupFactory(shift=soon_shift, volunteer=outsider, status=Signup.Status.WAITLISTED)
    cancelled_shift = ShiftFactory(mission=mission, starts_at=soon_shift.starts_at + timedelta(minutes=1))
    SignupFactory(shift=cancelled_shift, volunteer=VolunteerFactory(), status=Signup.Status.CONFIRMED)
    cancelled_shift.is_cancelled = True
    cancelled_shift.save()
    started = ShiftFactory(mission=mission, starts_at=timezone.now() - timedelta(minutes=5))
    SignupFactory(shift=started, volunteer=VolunteerFactory(), status=Signup.Status.CONFIRMED)

    assert send_due_reminders() == 1
    assert [message.to for message in mail.outbox] == [["vera@example.org"]]


def test_a_failing_mail_server_marks_nothing_and_the_next_sweep_sends(soon_shift, volunteer, settings):
    signup = book(volunteer, soon_shift)
    settings.EMAIL_BACKEND = FAILING

    assert send_due_reminders() == 0

    signup.refresh_from_db()
    assert signup.reminder_sent_at is None
    assert signup.reminder_claimed_at is None
    assert signup.reminder_attempts == 1
    assert "SMTPServerDisconnected" in signup.reminder_last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_reminders() == 1
    signup.refresh_from_db()
    assert signup.reminder_sent_at is not None
    assert signup.reminder_attempts == 2
    assert signup.reminder_last_error == ""
    assert len(mail.outbox) == 1


def test_attempts_are_bounded(soon_shift, volunteer, settings):
    settings.UTOPIA_REMINDER_MAX_ATTEMPTS = 3
    settings.EMAIL_BACKEND = FAILING
    signup = book(volunteer, soon_shift)

    for _ in range(5):
        send_due_reminders()

    signup.refresh_from_db()
    assert signup.reminder_attempts == 3
    assert signup.reminder_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_reminders() == 0
    assert mail.outbox == []


def test_each_site_has_its_own_window(calais, chapelle, volunteer, outsider):
    calais.reminder_hours = 48
    calais.save()
    in_calais = timezone.now() + timedelta(hours=30)
    in_paris = timezone.now() + timedelta(hours=30)
    book(volunteer, ShiftFactory(mission=MissionFactory(site=calais), starts_at=in_calais))
    paris_signup = book(outsider, ShiftFactory(mission=MissionFactory(site=chapelle), starts_at=in_paris))

    assert send_due_reminders() == 1
    assert [message.to for message in mail.outbox] == [["vera@example.org"]]
    paris_signup.refresh_from_db()
    assert paris_signup.reminder_sent_at is None

    # Seven hours later the Paris shift is 23 hours away: inside its 24-hour window.
    assert messaging.sweep_reminders(now=timezone.now() + timedelta(hours=7)) == 1
    assert mail.outbox[-1].to == ["otto@example.org"]


def test_a_stale_claim_is_taken_again(soon_shift, volunteer):
    signup = book(volunteer, soon_shift)
    # A worker claimed it and was killed before sending.
    Signup.objects.filter(pk=signup.pk).update(
        reminder_claimed_at=timezone.now() - messaging.CLAIM_TIMEOUT - timedelta(seconds=1), reminder_attempts=1
    )

    assert send_due_reminders() == 1
    signup.refresh_from_db()
    assert signup.reminder_sent_at is not None
    assert signup.reminder_attempts == 2


def test_a_live_claim_is_left_alone(soon_shift, volunteer):
    signup = book(volunteer, soon_shift)
    Signup.objects.filter(pk=signup.pk).update(reminder_claimed_at=timezone.now() - timedelta(minutes=1))

    assert send_due_reminders() == 0
    assert mail.outbox == []


def test_query_count_is_flat_per_reminder(mission, query_budget):
    def make(count):
        starts = timezone.now() + timedelta(hours=5)
        shift = ShiftFactory(mission=mission, starts_at=starts, capacity=count)
        for _ in range(count):
            SignupFactory(shift=shift, volunteer=VolunteerFactory(), status=Signup.Status.CONFIRMED)
        # Far-off and already-reminded sign-ups cost nothing.
        later = ShiftFactory(mission=mission, starts_at=starts + timedelta(days=5), capacity=count)
        for _ in range(count):
            SignupFactory(shift=later, volunteer=VolunteerFactory(), status=Signup.Status.CONFIRMED)

    make(2)
    # One select, one prefetch of coordinators, then a claim and a "sent" update per reminder.
    with query_budget(2 + 2 * 2):
        assert send_due_reminders() == 2
    make(10)
    with query_budget(2 + 2 * 10):
        assert send_due_reminders() == 10


@pytest.mark.parametrize("opted_in", [True, False])
def test_sms_goes_to_volunteers_who_opted_in(soon_shift, volunteer, sms_outbox, opted_in):
    volunteer.sms_reminders = opted_in
    volunteer.save()
    book(volunteer, soon_shift)

    send_due_reminders()
    send_due_reminders()

    assert len(mail.outbox) == 1
    if opted_in:
        assert len(sms_outbox) == 1
        assert sms_outbox[0]["to"] == "+33612345678"
        assert "/r/cant-come/" in sms_outbox[0]["text"]
    else:
        assert sms_outbox == []


def test_a_failing_sms_is_recorded_and_does_not_resend_the_email(soon_shift, volunteer, settings):
    volunteer.sms_reminders = True
    volunteer.save()
    settings.UTOPIA_SMS_BACKEND = "shifts.messaging.sms.HttpBackend"
    settings.UTOPIA_SMS_HTTP_URL = ""  # misconfigured provider
    signup = book(volunteer, soon_shift)

    assert send_due_reminders() == 1
    assert send_due_reminders() == 0

    assert len(mail.outbox) == 1
    signup.refresh_from_db()
    assert signup.reminder_sent_at is not None
    assert signup.reminder_last_error.startswith("SMS: SmsError")
