"""`manage.py sweep` runs the frequent sweeps in-process, as `make run` does every minute."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from shifts.management.commands.sweep import frequent_sweeps
from shifts.models import Signup
from tests.factories import ShiftFactory, SignupFactory


def test_it_runs_the_frequent_sweeps_but_not_the_nightly_ones():
    tasks = frequent_sweeps()
    # One sweep for every outbox: shift and stay reminders, notifications, account emails.
    assert "outbox.tasks.send_due_messages" in tasks
    assert "volunteers.tasks.anonymise_inactive_volunteers" not in tasks


def test_one_round_sends_a_due_reminder_once(mission, volunteer):
    now = timezone.now()
    shift = ShiftFactory(mission=mission, starts_at=now + timedelta(hours=3), ends_at=now + timedelta(hours=6))
    signup = SignupFactory(shift=shift, volunteer=volunteer, status=Signup.Status.CONFIRMED)
    shift.confirmed_count = 1
    shift.save()
    with time_machine.travel(now, tick=False):
        call_command("sweep")
        call_command("sweep")
    signup.refresh_from_db()
    assert signup.reminder_sent_at is not None
    assert [message.to for message in mail.outbox].count([volunteer.email]) == 1
