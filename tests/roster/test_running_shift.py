"""A walk-in who turns up while a shift runs can be added by a coordinator; nobody books a shift that is over."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shifts import services
from shifts.models import Signup
from tests.factories import ShiftFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def _running_shift(mission):
    now = timezone.now()
    return ShiftFactory(mission=mission, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2))


def test_volunteer_cannot_join_a_running_shift(mission, volunteer):
    with pytest.raises(services.SignupRefused, match="already started"):
        services.sign_up(volunteer=volunteer, shift=_running_shift(mission))


def test_coordinator_can_add_someone_to_a_running_shift_and_mark_them_present(mission, coordinator, volunteer):
    shift = _running_shift(mission)
    signup = services.sign_up(volunteer=volunteer, shift=shift, by=coordinator)
    assert signup.status == Signup.Status.CONFIRMED
    services.mark_attendance(signup=signup, attendance=Signup.Attendance.PRESENT, by=coordinator)
    signup.refresh_from_db()
    assert signup.attendance == Signup.Attendance.PRESENT


def test_nobody_books_a_shift_that_is_over(mission, coordinator):
    now = timezone.now()
    shift = ShiftFactory(mission=mission, starts_at=now - timedelta(hours=5), ends_at=now - timedelta(hours=1))
    with pytest.raises(services.SignupRefused, match="over"):
        services.sign_up(volunteer=VolunteerFactory(), shift=shift, by=coordinator)


def test_walk_in_form_on_a_running_shift_books_them(client, mission, coordinator):
    shift = _running_shift(mission)
    client.force_login(coordinator)
    response = client.post(
        f"/roster/{mission.site.slug}/shift/{shift.pk}/walk-in/",
        {"first_name": "Wanda", "last_name": "Walkin", "phone": "0611223344", "birth_date": "1995-04-02"},
    )
    assert response.status_code == 302
    assert Signup.objects.filter(shift=shift, volunteer__first_name="Wanda", status="confirmed").exists()
