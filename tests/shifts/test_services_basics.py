import pytest

from shifts import selectors, services
from shifts.models import Signup
from tests.factories import ShiftFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def test_sign_up_takes_a_seat_then_the_waiting_list(mission):
    shift = ShiftFactory(mission=mission, capacity=1)
    first = services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    second = services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    shift.refresh_from_db()
    assert (first.status, second.status) == (Signup.Status.CONFIRMED, Signup.Status.WAITLISTED)
    assert shift.confirmed_count == 1
    assert selectors.waitlist_position(second) == 1


def test_cancel_promotes_the_first_on_the_waiting_list(mission):
    shift = ShiftFactory(mission=mission, capacity=1)
    first = services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    second = services.sign_up(volunteer=VolunteerFactory(), shift=shift)
    services.cancel(signup=first)
    second.refresh_from_db()
    shift.refresh_from_db()
    assert second.status == Signup.Status.CONFIRMED
    assert shift.confirmed_count == 1
