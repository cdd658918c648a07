"""The buddy messages give phones only as shifts.contact hands them over (buddy_contact): from the night shift's
local day on, never the evening before, and never when the door says no."""

from datetime import date, time

import pytest
import time_machine

from shifts import contact, services
from shifts.messaging.mail import render_notification
from shifts.models import Notification, Signup
from tests.factories import ShiftFactory, VolunteerFactory, local_dt
from tests.onboarding.conftest import attended

pytestmark = pytest.mark.django_db

NIGHT = date(2031, 6, 10)


@pytest.fixture
def pair(mission, coordinator):
    with time_machine.travel(local_dt(NIGHT, time(12)), tick=False):
        # 22:00 to 02:00: the night crosses midnight into the 11th.
        shift = ShiftFactory(
            mission=mission, starts_at=local_dt(NIGHT, time(22)), ends_at=local_dt(date(2031, 6, 11), time(2))
        )
        newcomer = VolunteerFactory(first_name="Nina", phone="+33611111111")
        veteran = VolunteerFactory(first_name="Bruno", phone="+33622222222")
        attended(veteran, mission, 3)
        services.sign_up(volunteer=newcomer, shift=shift)
        services.sign_up(volunteer=veteran, shift=shift)
        services.set_buddy(signup=Signup.objects.get(volunteer=newcomer), buddy=veteran, by=coordinator)
    return newcomer, veteran


def _messages():
    buddy = render_notification(Notification.objects.get(kind="buddy"))
    buddy_for = render_notification(Notification.objects.get(kind="buddy_for"))
    return " ".join(buddy[1:]), " ".join(buddy_for[1:])


@pytest.mark.parametrize(
    ("day", "at", "shown"),
    [
        (date(2031, 6, 9), time(23, 30), False),  # the evening before, half an hour before midnight
        (NIGHT, time(0, 30), True),  # the night's own day, just after midnight
        (date(2031, 6, 11), time(0, 30), True),  # during the shift, after midnight
    ],
)
def test_buddy_messages_give_phones_from_the_nights_own_day(pair, day, at, shown):
    with time_machine.travel(local_dt(day, at), tick=False):
        to_newcomer, to_veteran = _messages()
    assert ("+33 6 22 22 22 22" in to_newcomer and "tel:+33622222222" in to_newcomer) is shown
    assert ("+33 6 11 11 11 11" in to_veteran and "tel:+33611111111" in to_veteran) is shown


def test_buddy_messages_ask_the_door(pair, monkeypatch):
    # The door says no on the very night: what it hands over is all a message shows.
    monkeypatch.setattr(contact, "buddy_contact", lambda person, shift, now=None: contact.HIDDEN)
    with time_machine.travel(local_dt(NIGHT, time(21)), tick=False):
        to_newcomer, to_veteran = _messages()
    assert "Bruno" in to_newcomer and "Nina" in to_veteran
    assert "22 22 22 22" not in to_newcomer and "11 11 11 11" not in to_veteran
