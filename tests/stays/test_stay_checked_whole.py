"""A stay is checked as a whole before any shift is booked: the dates (30 nights first), the person, an overlap,
the beds. A stay refused books nothing; a stay until 9999 is refused at once."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from shifts.models import Signup
from stays import services
from stays.models import Stay
from tests.factories import ShiftTemplateFactory

from .conftest import ARRIVAL, shift_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def vera(client, volunteer):
    client.force_login(volunteer)
    return client


def plan(client, *, arrives=ARRIVAL, leaves, **extra):
    data = {"arrives_on": arrives.isoformat(), "leaves_on": leaves.isoformat(), "travel": "train", "note": ""}
    return client.post(reverse("stays:plan", args=["calais"]), {**data, **extra})


def test_a_stay_until_9999_is_refused_at_once(vera, volunteer, calais, bungalows, mission, query_budget):
    ShiftTemplateFactory(mission=mission, start_time=time(15), end_time=time(19))
    # Refused before any night is counted: a handful of queries, not one per night to year 9999.
    with query_budget(14):
        response = plan(vera, leaves=date(9999, 12, 31), needs_bed="on", slot=f"{mission.pk}-1500")
    assert response.status_code == 200
    assert "at most 30 nights" in response.content.decode()
    assert not Stay.objects.exists()


def test_the_service_refuses_30_nights_before_reading_anything(volunteer, calais, bungalows, query_budget):
    with query_budget() as queries, pytest.raises(services.StayRefused) as caught:
        services.plan_stay(
            volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=date(9999, 12, 31), needs_bed=True
        )
    assert caught.value.code == "dates"
    assert [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]] == []


def test_an_overlapping_stay_books_none_of_its_shifts(vera, volunteer, calais, mission):
    services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=2), needs_bed=False
    )
    ShiftTemplateFactory(mission=mission, start_time=time(15), end_time=time(19))
    for i in range(3):
        shift_on(mission, ARRIVAL + timedelta(days=i), time(15))
    response = plan(vera, leaves=ARRIVAL + timedelta(days=2), slot=f"{mission.pk}-1500")
    assert "You already have a stay" in response.content.decode()
    assert not Signup.objects.filter(volunteer=volunteer).exists()


def test_an_under_18_stay_books_none_of_its_shifts(client, calais, mission):
    from tests.factories import VolunteerFactory

    young = VolunteerFactory(birth_date=ARRIVAL.replace(year=ARRIVAL.year - 17))
    client.force_login(young)
    ShiftTemplateFactory(mission=mission, start_time=time(15), end_time=time(19))
    shift_on(mission, ARRIVAL, time(15))
    response = plan(client, leaves=ARRIVAL + timedelta(days=1), slot=f"{mission.pk}-1500")
    assert "18 or older" in response.content.decode()
    assert not Signup.objects.filter(volunteer=young).exists()


def test_beds_checked_after_the_shifts_are_known_still_roll_them_back(volunteer, calais, bungalows, mission):
    # One night without any shift backing it: the stay is refused (no_shift) and the shift booked with it goes.
    shift = shift_on(mission, ARRIVAL, time(15))
    with pytest.raises(services.StayRefused) as caught:
        services.plan_stay_with_shifts(
            volunteer=volunteer,
            site=calais,
            arrives_on=ARRIVAL,
            leaves_on=ARRIVAL + timedelta(days=3),
            needs_bed=True,
            shifts=[shift],
        )
    assert caught.value.code == "no_shift"
    assert not Signup.objects.filter(volunteer=volunteer).exists()
