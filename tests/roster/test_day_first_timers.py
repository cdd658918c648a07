"""Who the day roster flags as here for the first time: exactly the people with no earlier shift that counts.

A shift counts if it is at this site, was not cancelled, the person had a seat on it and did not miss it;
it may be on an earlier day or earlier the same day.
"""

from datetime import time, timedelta

import pytest

from shifts.models import Signup
from shifts.roster.selectors import day_roster
from tests.factories import MissionFactory, SignupFactory, VolunteerFactory

from .conftest import FUTURE_DAY, confirmed, make_shift

pytestmark = pytest.mark.django_db


def _first_timers(site) -> set[str]:
    return {
        signup.volunteer.first_name
        for entry in day_roster(site, FUTURE_DAY)
        for signup in entry.confirmed + entry.waitlisted + entry.late_cancelled
        if signup.pk in entry.first_timers
    }


def test_only_shifts_that_count_make_someone_a_regular(calais, chapelle, mission):
    today = make_shift(mission, start=time(15), capacity=10)
    last_month = make_shift(mission, day=FUTURE_DAY - timedelta(days=30))
    cancelled_shift = make_shift(mission, day=FUTURE_DAY - timedelta(days=20), is_cancelled=True)
    elsewhere = make_shift(MissionFactory(site=chapelle), day=FUTURE_DAY - timedelta(days=10))
    people = {
        name: VolunteerFactory(first_name=name) for name in ["Came", "Missed", "Cancelled", "Waited", "Away", "New"]
    }
    confirmed(last_month, people["Came"], attendance=Signup.Attendance.PRESENT)
    confirmed(last_month, people["Missed"], attendance=Signup.Attendance.NO_SHOW)
    SignupFactory(shift=cancelled_shift, volunteer=people["Cancelled"], status=Signup.Status.CONFIRMED)
    SignupFactory(shift=last_month, volunteer=people["Waited"], status=Signup.Status.WAITLISTED)
    confirmed(elsewhere, people["Away"])
    for person in people.values():
        confirmed(today, person)
    assert _first_timers(calais) == {"Missed", "Cancelled", "Waited", "Away", "New"}


def test_an_earlier_shift_the_same_day_counts_and_a_later_one_does_not(calais, mission):
    morning = make_shift(mission, start=time(8))
    evening = make_shift(mission, start=time(18))
    twice = VolunteerFactory(first_name="Twice")
    confirmed(morning, twice)
    confirmed(evening, twice)
    roster = {entry.shift.pk: entry for entry in day_roster(calais, FUTURE_DAY)}
    assert len(roster[morning.pk].first_timers) == 1
    assert roster[evening.pk].first_timers == set()


def test_a_missed_or_cancelled_shift_earlier_the_same_day_does_not_count(calais, mission):
    missed = make_shift(mission, start=time(8))
    cancelled_shift = make_shift(mission, start=time(10), is_cancelled=True)
    evening = make_shift(mission, start=time(18))
    person = VolunteerFactory(first_name="Unlucky")
    confirmed(missed, person, attendance=Signup.Attendance.NO_SHOW)
    SignupFactory(shift=cancelled_shift, volunteer=person, status=Signup.Status.CONFIRMED)
    confirmed(evening, person)
    roster = {entry.shift.pk: entry for entry in day_roster(calais, FUTURE_DAY)}
    assert len(roster[evening.pk].first_timers) == 1


def test_a_shift_late_the_evening_before_counts(calais, mission):
    yesterday = make_shift(mission, day=FUTURE_DAY - timedelta(days=1), start=time(23, 30))
    today = make_shift(mission, start=time(0, 30))
    person = VolunteerFactory(first_name="Nightly")
    confirmed(yesterday, person)
    confirmed(today, person)
    assert _first_timers(calais) == set()
