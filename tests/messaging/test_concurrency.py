"""Two sweeps at once on the real PostgreSQL: every reminder goes out exactly once."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from shifts.messaging import mail as messaging
from shifts.models import Notification, Signup
from shifts.tasks import send_due_reminders
from tests.factories import MissionFactory, ShiftFactory, SiteFactory, VolunteerFactory


def _race(target, runners=2):
    barrier = threading.Barrier(runners)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            target()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(runners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


@pytest.fixture
def slow_mail(monkeypatch):
    """Each send takes a moment, so the two sweeps overlap for the whole run."""
    original = messaging._send_email

    def slow(**kwargs):
        time.sleep(0.02)
        original(**kwargs)

    monkeypatch.setattr(messaging, "_send_email", slow)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_send_each_reminder_once(slow_mail):
    mission = MissionFactory(site=SiteFactory(slug="calais", name="Calais"))
    shift = ShiftFactory(mission=mission, starts_at=timezone.now() + timedelta(hours=3), capacity=12)
    people = [VolunteerFactory() for _ in range(12)]
    for person in people:
        Signup.objects.create(shift=shift, volunteer=person, status=Signup.Status.CONFIRMED)

    _race(send_due_reminders)

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(person.email for person in people)
    assert Signup.objects.filter(reminder_sent_at__isnull=False, reminder_attempts=1).count() == 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_notification_sweeps_send_each_once(slow_mail):
    mission = MissionFactory(site=SiteFactory(slug="calais", name="Calais"))
    shift = ShiftFactory(mission=mission, starts_at=timezone.now() + timedelta(hours=3), capacity=12)
    people = [VolunteerFactory() for _ in range(8)]
    for person in people:
        Notification.objects.create(
            kind="urgent_call",
            recipient=person,
            shift=shift,
            dedupe_key=f"urgent:{shift.pk}:race:{person.pk}",
            created_at=timezone.now() - timedelta(minutes=5),
        )

    _race(messaging.sweep_notifications)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)
    assert Notification.objects.filter(sent_at__isnull=False, attempts=1).count() == 8
