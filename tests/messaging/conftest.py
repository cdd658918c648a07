"""Fixtures for messages (reminders, notifications, the outbox): a shift in the reminder window, mail, SMS."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from shifts import services
from shifts.messaging import sms
from shifts.models import Notification
from tests.factories import ShiftFactory
from tests.hardening.test_redis_down import broker_down  # noqa: F401 (fixture)
from tests.stays.conftest import bungalows  # noqa: F401 (fixture)


@pytest.fixture(scope="session", autouse=True)
def _compiled_messages():
    # The French emails need the compiled catalogue; `make test` compiles it, a plain `pytest` may not have.
    from django.utils.translation import trans_real

    from utopia.compilemessages import compile_all

    if compile_all():
        trans_real._translations = {}
        trans_real._default = None


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.UTOPIA_SMS_BACKEND = "shifts.messaging.sms.LocmemBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def next_local(at: time, tz, *, at_least: timedelta = timedelta(hours=1)) -> datetime:
    """The next `at` o'clock in `tz` that is at least `at_least` from now (so within the next 25 hours)."""
    now = timezone.localtime(timezone.now(), tz)
    candidate = datetime.combine(now.date(), at, tzinfo=tz)
    while candidate < now + at_least:
        candidate = datetime.combine(candidate.date() + timedelta(days=1), at, tzinfo=tz)
    return candidate


@pytest.fixture
def soon_shift(mission):
    """A Calais shift in six hours: inside the default 24-hour reminder window."""
    starts = timezone.now() + timedelta(hours=6)
    return ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=3)


def book(volunteer, shift):
    """Book through the rules, as the volunteer. Their own sign-up confirmation is dropped: the tests that book
    this way are about the other messages (tests/messaging/test_own_confirmations.py covers it)."""
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    Notification.objects.filter(signup=signup, kind="own_signup").delete()
    return signup
