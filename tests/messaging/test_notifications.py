"""Notifications: each kind once, in the recipient's language, queued on commit, and none lost."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from outbox.tasks import send_message
from shifts import services
from shifts.messaging import mail as messaging
from shifts.messaging import notifications
from shifts.models import Notification, Signup
from shifts.tasks import send_due_notifications
from tests.factories import SignupFactory, VolunteerFactory

from .conftest import book
from .test_sweep import FAILING


def _later():
    """A moment past the queue grace period, when the sweep considers a notification lost."""
    return timezone.now() + messaging.NOTIFICATION_QUEUE_GRACE + timedelta(seconds=1)


@pytest.fixture
def on_shift(soon_shift, volunteer, outsider):
    return [book(volunteer, soon_shift), book(outsider, soon_shift)]


def _twice(django_capture_on_commit_callbacks, record):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            record()
    # A sweep afterwards finds nothing left to send.
    assert messaging.sweep_notifications(now=_later()) == 0


def test_promoted_goes_out_once(soon_shift, volunteer, django_capture_on_commit_callbacks):
    signup = SignupFactory(shift=soon_shift, volunteer=volunteer, status=Signup.Status.CONFIRMED)

    _twice(django_capture_on_commit_callbacks, lambda: notifications.promoted(signup=signup))

    (message,) = mail.outbox
    assert message.to == ["vera@example.org"]
    assert message.subject.startswith("You have a seat: Warehouse sorting")
    assert "/r/cant-come/" in message.body


def test_shift_changed_goes_to_everyone_on_it_once(soon_shift, on_shift, django_capture_on_commit_callbacks):
    _twice(django_capture_on_commit_callbacks, lambda: notifications.shift_changed(shift=soon_shift, change_id="c1"))

    assert sorted(message.to[0] for message in mail.outbox) == ["otto@example.org", "vera@example.org"]
    assert all(message.subject.startswith("Your shift changed") for message in mail.outbox)


def test_shift_cancelled_goes_to_everyone_on_it_once_in_their_language(
    soon_shift, on_shift, outsider, django_capture_on_commit_callbacks
):
    outsider.preferred_language = "fr"
    outsider.save()

    _twice(django_capture_on_commit_callbacks, lambda: notifications.shift_cancelled(shift=soon_shift))

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 2
    assert by_recipient["vera@example.org"].subject.startswith("Cancelled: Warehouse sorting")
    assert by_recipient["otto@example.org"].subject.startswith("Annulé : Warehouse sorting")
    assert "Vous n'avez pas besoin de venir" in by_recipient["otto@example.org"].body


def test_late_cancellation_goes_to_the_coordinators_once(
    soon_shift, on_shift, coordinator, django_capture_on_commit_callbacks
):
    signup = on_shift[0]
    _twice(django_capture_on_commit_callbacks, lambda: notifications.late_cancellation(signup=signup))

    (message,) = mail.outbox
    assert message.to == ["colette@example.org"]
    assert "Vera Volunteer" in message.subject
    local_day = soon_shift.local_starts_at.date()
    assert f"/roster/calais/{local_day:%Y-%m-%d}/" in message.body


def test_urgent_call_links_the_shift_page_once(soon_shift, volunteer, outsider, django_capture_on_commit_callbacks):
    def call():
        notifications.urgent_call(shift=soon_shift, recipients=[volunteer, outsider], call_id="call-1")

    _twice(django_capture_on_commit_callbacks, call)

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.subject.startswith("Help needed in Calais")
        assert f"/shifts/{soon_shift.pk}/" in message.body
        assert "3 seats are still free" in message.body
    assert notifications.urgent_call(shift=soon_shift, recipients=[volunteer], call_id="call-1") == 0


def test_an_urgent_call_for_a_shift_filled_meanwhile_is_not_sent(soon_shift, volunteer):
    notifications.urgent_call(shift=soon_shift, recipients=[volunteer], call_id="c")  # on_commit never runs here
    for _ in range(soon_shift.capacity):
        book(VolunteerFactory(), soon_shift)

    assert messaging.sweep_notifications(now=_later()) == 0

    assert mail.outbox == []
    row = Notification.objects.get()
    assert row.sent_at is not None
    assert row.last_error.startswith("skipped")


def test_a_lost_queue_message_is_sent_by_the_sweep(soon_shift, volunteer):
    # Outside a captured commit the on_commit callback never runs: as if the queue lost the message.
    signup = SignupFactory(shift=soon_shift, volunteer=volunteer, status=Signup.Status.CONFIRMED)
    notifications.promoted(signup=signup)

    assert send_due_notifications() == 0  # still within the grace period: the queue may deliver it
    assert messaging.sweep_notifications(now=_later()) == 1
    assert messaging.sweep_notifications(now=_later()) == 0
    assert len(mail.outbox) == 1


def test_a_broker_that_is_down_does_not_break_the_cancellation(
    soon_shift, volunteer, outsider, django_capture_on_commit_callbacks
):
    soon_shift.capacity = 1
    soon_shift.save()
    first, waiting = book(volunteer, soon_shift), book(outsider, soon_shift)

    # safe_delay publishes with apply_async (tests/hardening/test_messages_broker_down.py goes through a real
    # broker that does not answer).
    with mock.patch.object(send_message, "apply_async", side_effect=OperationalError("Redis is down")):
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel(signup=first, by=None)

    waiting.refresh_from_db()
    assert waiting.status == Signup.Status.CONFIRMED
    assert mail.outbox == []
    # Redis comes back an hour later: the sweep sends the promotion, and the confirmation of the cancellation.
    assert messaging.sweep_notifications(now=_later()) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["otto@example.org", "vera@example.org"]


def test_a_failed_send_is_recorded_and_retried_by_the_sweep(soon_shift, volunteer, settings):
    signup = SignupFactory(shift=soon_shift, volunteer=volunteer, status=Signup.Status.CONFIRMED)
    notifications.promoted(signup=signup)
    row = Notification.objects.get()
    settings.EMAIL_BACKEND = FAILING

    # Queued without a broker (eager) or called in-process, a failure is left to the sweep: nothing raises.
    assert send_message.delay("shifts.Notification", row.pk).get() is False
    assert send_message("shifts.Notification", row.pk) is False

    row.refresh_from_db()
    assert (row.sent_at, row.claimed_at, row.attempts) == (None, None, 2)
    assert "SMTPServerDisconnected" in row.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert messaging.sweep_notifications(now=_later()) == 1
    row.refresh_from_db()
    assert row.sent_at is not None
    assert row.attempts == 3


def test_through_a_worker_a_transient_failure_is_raised_for_celery_to_retry(soon_shift, volunteer, settings):
    signup = SignupFactory(shift=soon_shift, volunteer=volunteer, status=Signup.Status.CONFIRMED)
    notifications.promoted(signup=signup)
    settings.EMAIL_BACKEND = FAILING

    with pytest.raises(OSError):
        messaging.deliver_notification(Notification.objects.get().pk, reraise=True)

    assert send_message.autoretry_for
    assert send_message.retry_jitter is True
    assert send_message.retry_backoff


def test_notification_attempts_are_bounded(soon_shift, volunteer, settings):
    settings.UTOPIA_NOTIFICATION_MAX_ATTEMPTS = 2
    settings.EMAIL_BACKEND = FAILING
    signup = SignupFactory(shift=soon_shift, volunteer=volunteer, status=Signup.Status.CONFIRMED)
    notifications.promoted(signup=signup)

    for _ in range(4):
        messaging.sweep_notifications(now=_later())

    assert Notification.objects.get().attempts == 2


def test_a_stale_notification_claim_is_taken_again(soon_shift, volunteer):
    signup = SignupFactory(shift=soon_shift, volunteer=volunteer, status=Signup.Status.CONFIRMED)
    notifications.promoted(signup=signup)
    # The worker that claimed it was killed mid-send.
    Notification.objects.update(claimed_at=timezone.now() - messaging.CLAIM_TIMEOUT - timedelta(seconds=1), attempts=1)

    assert messaging.sweep_notifications(now=_later()) == 1
    assert len(mail.outbox) == 1


def test_notification_sweep_query_count_is_flat_per_message(soon_shift, query_budget):
    def make(count):
        for person in [VolunteerFactory() for _ in range(count)]:
            notifications.urgent_call(shift=soon_shift, recipients=[person], call_id=f"q{count}")

    make(2)
    # One select of what is due; then per message a claim, a select (+ coordinators) and a "sent" update.
    with query_budget(1 + 4 * 2):
        assert messaging.sweep_notifications(now=_later()) == 2
    make(8)
    with query_budget(1 + 4 * 8):
        assert messaging.sweep_notifications(now=_later()) == 8
