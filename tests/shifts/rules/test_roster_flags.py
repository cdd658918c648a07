"""What a coordinator booked past (hours, rest) shows on the person's roster row; the page stays flat."""

from datetime import date, time

import pytest
from django.urls import reverse

from shifts import services
from shifts.roster.selectors import day_roster
from tests.factories import VolunteerFactory

from .conftest import DAY, booked, shift_at

pytestmark = pytest.mark.django_db


def test_hours_and_rest_booked_past_are_flagged(calais, mission, coordinator):
    calais.max_hours_per_day, calais.rest_after_night_hours = 10, 9
    calais.save()
    person = VolunteerFactory()
    booked(person, shift_at(mission, time(22), 4, day=date(2031, 6, 13)))
    booked(person, shift_at(mission, time(17), 4))
    signup = services.sign_up(volunteer=person, shift=shift_at(mission, time(8), 8), by=coordinator)
    rested = services.sign_up(volunteer=VolunteerFactory(), shift=signup.shift, by=coordinator)
    rows = {s.pk: s for entry in day_roster(calais, DAY) for s in entry.confirmed}
    assert rows[signup.pk].rule_flags == ["over 10 hours that day", "under 9 hours of rest after a night"]
    assert rows[rested.pk].rule_flags == ()


def test_the_day_page_shows_the_warning(client, calais, mission, coordinator):
    calais.max_hours_per_day = 6
    calais.save()
    services.sign_up(volunteer=VolunteerFactory(), shift=shift_at(mission, time(8), 8), by=coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("roster:day", args=[calais.slug, DAY.isoformat()]))
    assert "over 6 hours that day" in response.content.decode()
