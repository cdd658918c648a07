"""Notifications are queued through the guarded publish (outbox.publish.safe_delay), on the production
path: a real request, a real commit, the project's Celery app publishing to a Redis that does not answer."""

import logging
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from shifts.messaging import mail as messaging
from shifts.models import Notification, Signup
from shifts.services import sign_up
from tests.donations.conftest import reply  # noqa: F401 (fixture)
from tests.factories import ShiftFactory
from tests.hardening.test_redis_down import broker_down  # noqa: F401 (fixture)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_coordinators_cancellation_with_the_broker_down_is_logged_kept_and_sent_once_later(
    broker_down,  # noqa: F811
    client,
    coordinator,
    volunteer,
    mission,
    caplog,
):
    caplog.set_level(logging.WARNING, logger="outbox.publish")
    starts = timezone.now() + timedelta(days=2)
    shift = ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=2)
    signup = sign_up(volunteer=volunteer, shift=shift)  # commits: her own confirmation cannot be queued either
    client.force_login(coordinator)

    started = time.monotonic()
    response = client.post(f"/roster/calais/signup/{signup.pk}/cancel/")
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 5  # one publishing attempt, no retries
    assert Signup.objects.get(pk=signup.pk).status == Signup.Status.CANCELLED
    # Logged by the guarded publish, not raised into the request, and the row waits for the sweep.
    assert "could not queue outbox.tasks.send_message" in caplog.text
    told = Notification.objects.get(kind="cancelled_for")
    assert told.sent_at is None and told.attempts == 0
    assert mail.outbox == []

    broker_down()  # Redis is back; beat queues the sweep a few minutes later.
    later = timezone.now() + messaging.NOTIFICATION_QUEUE_GRACE + timedelta(seconds=1)
    assert messaging.sweep_notifications(now=later) == 1  # her own sign-up's confirmation is stale: skipped
    assert messaging.sweep_notifications(now=later) == 0
    (message,) = mail.outbox
    assert message.to == ["vera@example.org"]
    assert message.subject.startswith("Your place was cancelled")


@pytest.mark.django_db
def test_an_answer_to_a_donor_with_the_broker_down_is_logged_and_kept(
    broker_down,  # noqa: F811
    chapelle,
    reply,  # noqa: F811
    caplog,
    django_capture_on_commit_callbacks,
):
    from donations import mail as offer_mail
    from donations import services as donation_services
    from donations.models import OfferMessage
    from tests.donations.conftest import OfferFactory

    caplog.set_level(logging.WARNING, logger="outbox.publish")
    offer = OfferFactory(site=chapelle, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        message = donation_services.answer_offer(offer=offer, reply=reply)

    assert "could not queue outbox.tasks.send_message" in caplog.text
    assert OfferMessage.objects.get(pk=message.pk).sent_at is None
    broker_down()
    OfferMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert offer_mail.sweep_offer_messages() == 1
    assert offer_mail.sweep_offer_messages() == 0
