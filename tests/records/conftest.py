"""A known history for Vera (the volunteer): what counts, what does not, and the hours it makes.

Counted (4 shifts, 13.5 hours, 3 days):
- Calais, 10 June 2025, 09:00-13:00, present                 4 h
- Calais, 10 June 2025, 14:00-17:30, attendance not taken    3.5 h (same day: one day)
- Calais, 31 July 2025, 21:00-01:00 (night), present         4 h (counts on the 31st, in July)
- Paris, 15 July 2025, 10:00-12:00, present                  2 h
Not counted: a no-show, a cancelled sign-up, a cancelled shift, a waiting place, a shift to come.
"""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from shifts.models import Signup
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, local_dt

PRESENT, UNKNOWN, NO_SHOW = Signup.Attendance.PRESENT, Signup.Attendance.UNKNOWN, Signup.Attendance.NO_SHOW
CONFIRMED = Signup.Status.CONFIRMED


def shift_on(mission, day: date, start: time, minutes: int, **kw):
    starts_at = local_dt(day, start)
    return ShiftFactory(mission=mission, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes), **kw)


def attend(volunteer, shift, *, status=CONFIRMED, attendance=PRESENT):
    return SignupFactory(shift=shift, volunteer=volunteer, status=status, attendance=attendance)


@pytest.fixture
def warehouse(calais):
    return MissionFactory(
        site=calais,
        name="Warehouse sorting",
        name_fr="Tri à l'entrepôt",
        slug="warehouse",
        description="Sorting donated clothes and food for distributions.",
        description_fr="Trier les dons de vêtements et de nourriture pour les distributions.",
    )


@pytest.fixture
def maraude(calais):
    return MissionFactory(site=calais, name="Night outreach", name_fr="Maraude de nuit", slug="maraude")


@pytest.fixture
def breakfast(chapelle):
    return MissionFactory(
        site=chapelle, name="Breakfast", name_fr="Petit-déjeuner", slug="breakfast", description="Serving breakfast."
    )


@pytest.fixture
def history(volunteer, warehouse, maraude, breakfast):
    counted = [
        attend(volunteer, shift_on(warehouse, date(2025, 6, 10), time(9), 240)),
        attend(volunteer, shift_on(warehouse, date(2025, 6, 10), time(14), 210), attendance=UNKNOWN),
        attend(volunteer, shift_on(maraude, date(2025, 7, 31), time(21), 240)),
        attend(volunteer, shift_on(breakfast, date(2025, 7, 15), time(10), 120)),
    ]
    not_counted = [
        attend(volunteer, shift_on(breakfast, date(2025, 7, 16), time(10), 120), attendance=NO_SHOW),
        attend(
            volunteer,
            shift_on(warehouse, date(2025, 6, 11), time(9), 240),
            status=Signup.Status.CANCELLED,
            attendance=UNKNOWN,
        ),
        attend(volunteer, shift_on(warehouse, date(2025, 6, 12), time(9), 240, is_cancelled=True), attendance=UNKNOWN),
        attend(
            volunteer,
            shift_on(warehouse, date(2025, 6, 13), time(9), 240),
            status=Signup.Status.WAITLISTED,
            attendance=UNKNOWN,
        ),
        attend(
            volunteer,
            shift_on(warehouse, timezone.localdate() + timedelta(days=2), time(9), 240, confirmed_count=1),
            attendance=UNKNOWN,
        ),
    ]
    return counted, not_counted
