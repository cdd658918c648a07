"""The one outbox: claim, release and mark sent are conditional UPDATEs, so a message goes out once; every kind of
row (notifications, shift and stay reminders, account emails) is swept by the same task."""

import threading
from datetime import time, timedelta
from time import sleep

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.utils import timezone

from outbox.models import CLAIM_TIMEOUT, Email
from outbox.tasks import send_due_messages
from shifts.messaging.mail import REMINDER
from shifts.models import Notification, Signup
from stays import services as stays
from tests.factories import MissionFactory, ShiftFactory, SiteFactory, VolunteerFactory
from tests.stays.conftest import working

FAILING = "tests.messaging.test_account_emails.UnreachableSmtp"


class SlowEmailBackend(LocmemBackend):
    """Each send takes a moment, so two sweeps overlap for the whole run."""

    def send_messages(self, messages):
        sleep(0.02)
        return super().send_messages(messages)


def _due_signup(mission, person=None) -> Signup:
    shift = ShiftFactory(mission=mission, starts_at=timezone.now() + timedelta(hours=3), capacity=12)
    return Signup.objects.create(shift=shift, volunteer=person or VolunteerFactory(), status=Signup.Status.CONFIRMED)


@pytest.mark.django_db
def test_a_claim_is_taken_once_released_on_failure_and_given_up_at_the_maximum(mission, settings):
    settings.UTOPIA_REMINDER_MAX_ATTEMPTS = 2
    signup = _due_signup(mission)

    assert REMINDER.claim(signup.pk)
    assert not REMINDER.claim(signup.pk)  # another worker holds it
    REMINDER.release(signup.pk, ConnectionRefusedError("down"))
    signup.refresh_from_db()
    assert signup.reminder_claimed_at is None and signup.reminder_attempts == 1
    assert signup.reminder_last_error == "ConnectionRefusedError: down"

    assert REMINDER.claim(signup.pk)
    REMINDER.release(signup.pk, "again")
    assert not REMINDER.claim(signup.pk)  # two attempts: given up, visible in admin


@pytest.mark.django_db
def test_a_claim_left_by_a_dead_worker_expires_and_a_sent_message_is_never_claimed_again(mission):
    signup = _due_signup(mission)
    Signup.objects.filter(pk=signup.pk).update(reminder_claimed_at=timezone.now() - CLAIM_TIMEOUT - timedelta(1))
    assert REMINDER.claim(signup.pk)
    REMINDER.mark_sent(signup.pk)
    signup.refresh_from_db()
    assert signup.reminder_sent_at is not None and signup.reminder_last_error == ""
    Signup.objects.filter(pk=signup.pk).update(reminder_claimed_at=None)
    assert not REMINDER.claim(signup.pk)


@pytest.mark.django_db
def test_a_reminder_is_not_claimed_once_the_sign_up_is_cancelled(mission):
    signup = _due_signup(mission)
    Signup.objects.filter(pk=signup.pk).update(status=Signup.Status.CANCELLED)
    assert not REMINDER.claim(signup.pk)


@pytest.fixture
def soon_stay(volunteer, calais, bungalows, mission):  # noqa: F811
    day = timezone.localdate() + timedelta(days=2)
    working(volunteer, mission, day, 1, start=time(9, 30))
    return stays.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=day, leaves_on=day + timedelta(days=1), needs_bed=True
    )


@pytest.mark.django_db
def test_a_stay_reminder_keeps_its_last_error_and_stops_at_the_configured_maximum(soon_stay, settings):
    # Stay reminders hard-coded 5 attempts and kept no error before they went through the outbox.
    settings.EMAIL_BACKEND = FAILING
    settings.UTOPIA_REMINDER_MAX_ATTEMPTS = 3
    for _ in range(5):
        assert send_due_messages() == 0
    soon_stay.refresh_from_db()
    assert soon_stay.reminder_attempts == 3
    assert soon_stay.reminder_last_error.startswith("ConnectionRefusedError")
    assert soon_stay.reminder_sent_at is None


@pytest.mark.django_db
def test_one_sweep_sends_every_kind_of_row_once(soon_stay, mission, volunteer, outsider):
    signup = _due_signup(mission, person=outsider)  # the reminder three hours ahead
    five_minutes_ago = timezone.now() - timedelta(minutes=5)
    Notification.objects.create(
        kind="urgent_call", recipient=volunteer, shift=signup.shift, dedupe_key="urgent:x", created_at=five_minutes_ago
    )
    Email.objects.create(to="someone@example.org", subject="Confirm", text="Please", created_at=five_minutes_ago)

    assert send_due_messages() == 4
    assert send_due_messages() == 0

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["someone@example.org", outsider.email, volunteer.email, volunteer.email]
    )
    soon_stay.refresh_from_db()
    assert soon_stay.reminder_sent_at is not None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_of_every_outbox_send_each_message_once(settings):
    settings.EMAIL_BACKEND = "tests.messaging.test_outbox.SlowEmailBackend"
    mission = MissionFactory(site=SiteFactory(slug="calais", name="Calais"))
    people = [VolunteerFactory() for _ in range(6)]
    shift = ShiftFactory(mission=mission, starts_at=timezone.now() + timedelta(hours=3), capacity=12)
    for person in people:
        Signup.objects.create(shift=shift, volunteer=person, status=Signup.Status.CONFIRMED)
        Email.objects.create(to=person.email, subject="Confirm", text="t", created_at=timezone.now() - timedelta(1))
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            send_due_messages()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert sorted(message.to[0] for message in mail.outbox) == sorted(2 * [person.email for person in people])
    assert Signup.objects.filter(reminder_sent_at__isnull=False, reminder_attempts=1).count() == 6
    assert Email.objects.filter(sent_at__isnull=False, attempts=1).count() == 6
