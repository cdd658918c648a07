"""Through real Redis: a Celery worker takes a queued sweep from the broker and the mail goes out."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from celery.signals import task_postrun
from django.core import mail
from django.db import connections
from django.utils import timezone

from outbox.tasks import send_message
from shifts.models import Signup
from shifts.tasks import send_due_reminders
from tests.factories import MissionFactory, ShiftFactory, SiteFactory, VolunteerFactory
from utopia.celery import app


def _close_worker_connections(**kwargs):
    # The worker runs in a thread of this process; its database connection must not outlive the test.
    connections.close_all()


@pytest.fixture
def redis_worker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL)
    app.control.purge()  # leftovers from an earlier run must not be processed here
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)
        app.conf.update(saved)


def _wait_for(condition, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_processes_a_queued_sweep(redis_worker):
    shift = ShiftFactory(
        mission=MissionFactory(site=SiteFactory(slug="calais", name="Calais")),
        starts_at=timezone.now() + timedelta(hours=4),
    )
    person = VolunteerFactory(email="wanda@example.org")
    signup = Signup.objects.create(shift=shift, volunteer=person, status=Signup.Status.CONFIRMED)

    result = send_due_reminders.delay()

    assert not isinstance(result, EagerResult)  # it went through the broker
    assert _wait_for(lambda: len(mail.outbox) == 1), "the worker did not send the reminder"
    assert mail.outbox[0].to == ["wanda@example.org"]
    assert _wait_for(lambda: Signup.objects.get(pk=signup.pk).reminder_sent_at is not None)


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_a_notification_queued_on_commit(redis_worker):
    from shifts.messaging import notifications

    shift = ShiftFactory(
        mission=MissionFactory(site=SiteFactory(slug="calais", name="Calais")),
        starts_at=timezone.now() + timedelta(hours=4),
    )
    person = VolunteerFactory(email="paul@example.org")
    signup = Signup.objects.create(shift=shift, volunteer=person, status=Signup.Status.CONFIRMED)

    with pytest.MonkeyPatch.context() as patch:
        sent = []
        original = send_message.apply_async  # what outbox.delivery.safe_delay publishes with
        patch.setattr(send_message, "apply_async", lambda *a, **k: sent.append(original(*a, **k)))
        notifications.promoted(signup=signup)  # autocommit: on_commit runs at once

    assert len(sent) == 1
    assert not isinstance(sent[0], EagerResult)
    assert _wait_for(lambda: len(mail.outbox) == 1), "the worker did not send the notification"
    assert mail.outbox[0].subject.startswith("You have a seat")
