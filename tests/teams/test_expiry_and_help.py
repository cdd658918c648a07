"""Thirty days before a check expires, those it matters to hear once; the call for help asks first those who
would remove the risk."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from shifts import services, tasks
from shifts.models import Notification
from shifts.teams import alerts
from tests.factories import ShiftFactory, VolunteerFactory, grant, local_dt
from tests.teams.conftest import person_with, shift_in

pytestmark = pytest.mark.django_db
EXPIRING = "qualification_expiring"


def minors_shift_on(minors, day):
    return ShiftFactory(mission=minors, starts_at=local_dt(day, time(9)), ends_at=local_dt(day, time(13)), capacity=3)


def test_a_check_expiring_before_a_booked_shift_is_told_once(minors, django_capture_on_commit_callbacks):
    paris = VolunteerFactory(first_name="Pia")
    minors.site.coordinators.add(paris)
    today = timezone.localdate()
    person = VolunteerFactory(first_name="Sam")
    checked = grant(person, "safeguarding", valid_until=today + timedelta(days=60))
    services.sign_up(volunteer=person, shift=minors_shift_on(minors, today + timedelta(days=25)))
    checked.valid_until = today + timedelta(days=20)  # shortened after the sign-up, as a renewal date would be
    checked.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_expiry_notices() == 1
    assert tasks.send_expiry_notices() == 0
    told = set(Notification.objects.filter(kind=EXPIRING).values_list("recipient__first_name", flat=True))
    assert told == {"Sam", "Pia"}
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "Ask for a new check" in bodies[person.email]
    assert "Sam" in bodies[paris.email]


def test_no_notice_when_no_shift_after_the_date_needs_it(minors, mission):
    today = timezone.localdate()
    person = VolunteerFactory()
    grant(person, "safeguarding", valid_until=today + timedelta(days=20))
    services.sign_up(volunteer=person, shift=minors_shift_on(minors, today + timedelta(days=10)))  # before: fine
    services.sign_up(volunteer=person, shift=shift_in(mission, 24 * 25))  # after, but needs nothing
    assert alerts.sweep_expiry_notices() == 0
    assert alerts.sweep_expiry_notices(today=today + timedelta(days=1)) == 0


def test_ask_for_help_asks_first_those_who_remove_the_risk(night, coordinator):
    shift = shift_in(night, 5, capacity=4)
    services.sign_up(volunteer=person_with("team-lead"), shift=shift)
    willing = dict(urgent_calls=True)
    plain = [VolunteerFactory(**willing) for _ in range(3)]
    drivers = [person_with("driving-licence", **willing) for _ in range(2)]
    assert services.ask_for_help(shift=shift, by=coordinator) == 2
    asked = set(Notification.objects.filter(kind="urgent_call").values_list("recipient_id", flat=True))
    assert asked == {person.pk for person in drivers}
    # Pressed again: everyone else free and willing; a third time, nobody new.
    assert services.ask_for_help(shift=shift, by=coordinator) == 3
    assert services.ask_for_help(shift=shift, by=coordinator) == 0
    assert Notification.objects.filter(kind="urgent_call").count() == 5
    assert plain
