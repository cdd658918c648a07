"""The reminder two days before arrival: sent once, with the address, the arrival time and the first shift."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from stays import services
from stays.models import Stay
from stays.reminders import sweep_stay_reminders
from stays.tasks import send_stay_reminders

from .conftest import working

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon_stay(volunteer, calais, bungalows, mission):
    day = timezone.localdate() + timedelta(days=2)
    working(volunteer, mission, day, 2, start=time(9, 30))
    return services.plan_stay(
        volunteer=volunteer,
        site=calais,
        arrives_on=day,
        leaves_on=day + timedelta(days=2),
        needs_bed=True,
        arrival_time=time(8, 15),
    )


def test_sent_once_with_address_arrival_and_first_shift(soon_stay, bungalows, mission):
    assert send_stay_reminders() == 1
    assert send_stay_reminders() == 0
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert bungalows.address in body and "08:15" in body and mission.name in body and "09:30" in body
    soon_stay.refresh_from_db()
    assert soon_stay.reminder_sent_at is not None


def test_not_yet_three_days_ahead(volunteer, calais):
    day = timezone.localdate() + timedelta(days=3)
    services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=day, leaves_on=day + timedelta(days=1), needs_bed=False
    )
    assert sweep_stay_reminders() == 0


def test_a_cancelled_stay_is_not_reminded(soon_stay):
    services.cancel_stay(stay=soon_stay)
    assert sweep_stay_reminders() == 0 and mail.outbox == []


def test_a_claim_held_by_another_worker_is_left_alone_until_it_expires(soon_stay):
    Stay.objects.filter(pk=soon_stay.pk).update(reminder_claimed_at=timezone.now())
    assert sweep_stay_reminders() == 0
    Stay.objects.filter(pk=soon_stay.pk).update(reminder_claimed_at=timezone.now() - timedelta(hours=1))
    assert sweep_stay_reminders() == 1


def test_a_failed_send_is_tried_again(soon_stay, settings):
    settings.EMAIL_BACKEND = "tests.stays.test_stay_reminder.BrokenBackend"
    assert sweep_stay_reminders() == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert sweep_stay_reminders() == 1


def test_the_reminder_speaks_the_persons_language(soon_stay, volunteer):
    volunteer.preferred_language = "fr"
    volunteer.save()
    sweep_stay_reminders()
    assert "Bonjour" in mail.outbox[0].body


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")
