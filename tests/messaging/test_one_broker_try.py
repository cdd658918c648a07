"""With the broker down, a request tries it once: the other messages of the request wait for the sweep instead of
each costing a connection attempt (a sign-up took 3.8 s with Redis down before this)."""

import logging
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from outbox.publish import one_broker_try, safe_delay
from outbox.tasks import send_message
from shifts.messaging import mail as messaging
from shifts.models import Notification, Signup
from tests.factories import ShiftFactory, VolunteerFactory


@pytest.fixture
def tries(caplog):
    """How many times the broker was tried: each failed try is logged once."""
    caplog.set_level(logging.INFO, logger="outbox.publish")

    def count() -> int:
        return sum("could not queue" in record.getMessage() for record in caplog.records)

    return count


@pytest.mark.django_db(transaction=True)
def test_cancelling_a_shift_of_four_tries_the_broker_once_and_the_sweep_sends_all_four(
    broker_down, tries, client, coordinator, mission
):
    starts = timezone.now() + timedelta(days=2)
    shift = ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=4)
    people = [VolunteerFactory() for _ in range(4)]
    for person in people:
        Signup.objects.create(shift=shift, volunteer=person, status=Signup.Status.CONFIRMED)
    client.force_login(coordinator)

    started = time.monotonic()
    response = client.post(f"/roster/calais/shift/{shift.pk}/cancel/")
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert Notification.objects.filter(kind="shift_cancelled", sent_at=None).count() == 4
    assert tries() == 1  # the first failure leaves the other three to the sweep
    assert elapsed < 5  # four tries of 3 s each before
    assert mail.outbox == []

    broker_down()  # Redis is back; beat runs the sweep
    later = timezone.now() + messaging.NOTIFICATION_QUEUE_GRACE + timedelta(seconds=1)
    assert messaging.sweep_notifications(now=later) == 4
    assert messaging.sweep_notifications(now=later) == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)


def test_outside_a_request_each_publish_is_tried(broker_down, tries):
    # A worker or a command has no request: nothing tells it the broker came back, so it keeps trying.
    assert safe_delay(send_message, "shifts.Notification", 1) is False
    assert safe_delay(send_message, "shifts.Notification", 2) is False
    assert tries() == 2


def test_the_next_request_tries_again(broker_down, tries):
    for _ in range(2):
        with one_broker_try():
            assert safe_delay(send_message, "shifts.Notification", 1) is False
            assert safe_delay(send_message, "shifts.Notification", 2) is False
    assert tries() == 2


def test_one_try_is_one_connection_attempt_without_sleeping_between_retries(broker_down, tries):
    # kombu retries a refused connection for CELERY_BROKER_CONNECTION_TIMEOUT, sleeping 2 s in between: 3 s a try.
    started = time.monotonic()
    assert safe_delay(send_message, "shifts.Notification", 1) is False
    assert time.monotonic() - started < 1
    assert tries() == 1
