"""The day roster of a busy day (120 people) stays light for a phone on a weak signal, and reads the database a
fixed handful of times: each person's row carries one link to their actions, not their forms."""

from datetime import time, timedelta

import pytest
import time_machine
from django.utils import timezone

from shifts.models import Signup
from tests.factories import ShiftFactory, SignupFactory, VolunteerFactory, local_dt

from .conftest import FUTURE_DAY, confirmed, day_url, make_shift

pytestmark = pytest.mark.django_db

MAX_BYTES = 60_000


@pytest.fixture(autouse=True)
def _afternoon():
    # Shifts under way started "an hour ago": at 01:05 some would fall on the day before. An ordinary afternoon.
    with time_machine.travel(local_dt(timezone.localdate(), time(15)), tick=True):
        yield


def _busy_day(mission, *, started: bool):
    """12 shifts of 10 people (120), phones, languages, notes on some, a few waiting and late cancellations."""
    shifts = []
    for index in range(12):
        if started:
            starts_at = timezone.now() - timedelta(hours=1, minutes=index)
            shift = ShiftFactory(
                mission=mission, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), capacity=11
            )
        else:
            shift = make_shift(mission, start=time(8 + index % 12), capacity=11)
        for person in range(10):
            volunteer = VolunteerFactory(
                first_name=f"Firstname{person}",
                last_name=f"Lastname-Longer{index}",
                phone=f"+336112233{index:02d}",
                languages=["fr", "en", "ar"][: 1 + person % 3],
            )
            confirmed(
                shift,
                volunteer,
                note="Brings the van keys" if person % 4 == 0 else "",
                attendance=Signup.Attendance.PRESENT if started and person % 2 else Signup.Attendance.UNKNOWN,
            )
        shifts.append(shift)
    return shifts


@pytest.mark.parametrize("started", [False, True], ids=["ahead", "under-way"])
def test_a_day_of_120_people_weighs_under_60_kb_in_a_handful_of_queries(
    client, coordinator, mission, query_budget, started
):
    shifts = _busy_day(mission, started=started)
    client.force_login(coordinator)
    url = day_url(shifts[0])
    with query_budget(8):
        response = client.get(url)
    assert response.status_code == 200
    assert response.text.count('<li id="signup-') == 120
    assert len(response.content) < MAX_BYTES, len(response.content)


def test_the_query_count_does_not_grow_with_waiting_lists_and_late_cancellations(
    client, coordinator, mission, query_budget
):
    shift = make_shift(mission, capacity=2)
    confirmed(shift)
    client.force_login(coordinator)
    with query_budget(8) as few:
        client.get(day_url(shift))
    for _ in range(5):
        SignupFactory(shift=shift, status=Signup.Status.WAITLISTED)
        SignupFactory(shift=shift, status=Signup.Status.CANCELLED, is_late_cancellation=True)
        confirmed(make_shift(mission, day=FUTURE_DAY, start=time(15)))
    with query_budget(len(few.captured_queries)):
        client.get(day_url(shift))
