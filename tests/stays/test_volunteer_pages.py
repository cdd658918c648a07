"""The volunteer's stay pages: plan, see, book the same shift every day, change, cancel."""

from datetime import time, timedelta

import pytest
from django.urls import reverse

from shifts.models import Signup
from stays import services
from stays.models import Stay, StayNight
from tests.factories import ShiftTemplateFactory, VolunteerFactory

from .conftest import ARRIVAL, shift_on, working

pytestmark = pytest.mark.django_db


@pytest.fixture
def vera(client, volunteer):
    client.force_login(volunteer)
    return client


def plan_data(nights=3, **extra):
    return {
        "arrives_on": ARRIVAL.isoformat(),
        "leaves_on": (ARRIVAL + timedelta(days=nights)).isoformat(),
        "arrival_time": "14:30",
        "travel": "train",
        "note": "",
        **extra,
    }


def test_pages_need_a_login(client, calais):
    response = client.get(reverse("stays:plan", args=["calais"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_plan_without_a_bed(vera, volunteer, calais):
    response = vera.post(reverse("stays:plan", args=["calais"]), plan_data())
    stay = Stay.objects.get(volunteer=volunteer)
    assert response.status_code == 302 and response["Location"] == reverse("stays:detail", args=[stay.pk])
    assert (stay.arrival_time, stay.travel, stay.needs_bed) == (time(14, 30), "train", False)


def test_the_bed_box_only_where_the_site_houses_people(vera, calais, chapelle, bungalows):
    assert 'name="needs_bed"' in vera.get(reverse("stays:plan", args=["calais"])).content.decode()
    assert 'name="needs_bed"' not in vera.get(reverse("stays:plan", args=[chapelle.slug])).content.decode()


def test_a_bed_without_shifts_is_refused_with_the_reason_on_the_page(vera, volunteer, calais, bungalows):
    response = vera.post(reverse("stays:plan", args=["calais"]), plan_data(needs_bed="on"))
    assert response.status_code == 200
    assert "book a shift on the day of each night" in response.content.decode()
    assert not Stay.objects.exists()


def test_bed_and_the_same_shift_every_day_in_one_step(vera, volunteer, calais, bungalows, mission):
    ShiftTemplateFactory(mission=mission, start_time=time(15), end_time=time(19))
    shifts = [shift_on(mission, ARRIVAL + timedelta(days=i), time(15)) for i in range(4)]
    slot = f"{mission.pk}-1500"

    response = vera.post(reverse("stays:plan", args=["calais"]), plan_data(needs_bed="on", slot=slot))

    stay = Stay.objects.get(volunteer=volunteer)
    assert response["Location"] == reverse("stays:booked", args=[stay.pk])
    assert stay.bed_nights.count() == 3
    booked = set(Signup.objects.filter(volunteer=volunteer).values_list("shift_id", flat=True))
    assert booked == {shift.pk for shift in shifts}  # arrival at 14:30: the 15:00 shift that day too
    page = vera.get(response["Location"]).content.decode()
    assert page.count("booked") >= 4


def test_a_shift_before_the_arrival_time_is_not_booked(vera, volunteer, calais, mission):
    ShiftTemplateFactory(mission=mission, start_time=time(10), end_time=time(14))
    first = shift_on(mission, ARRIVAL, time(10))
    second = shift_on(mission, ARRIVAL + timedelta(days=1), time(10))
    vera.post(reverse("stays:plan", args=["calais"]), plan_data(nights=1, slot=f"{mission.pk}-1000"))
    assert list(Signup.objects.filter(volunteer=volunteer).values_list("shift_id", flat=True)) == [second.pk]
    assert first.pk


def test_a_full_site_says_so_before_booking_any_shift(vera, volunteer, calais, bungalows, mission):
    for _i in range(3):
        other = VolunteerFactory()
        working(other, mission, ARRIVAL, 1)
        services.plan_stay(
            volunteer=other, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=1), needs_bed=True
        )
    ShiftTemplateFactory(mission=mission, start_time=time(15), end_time=time(19))
    shift_on(mission, ARRIVAL, time(15))
    response = vera.post(
        reverse("stays:plan", args=["calais"]), plan_data(nights=1, needs_bed="on", slot=f"{mission.pk}-1500")
    )
    assert "No bed is left" in response.content.decode()
    assert not Signup.objects.filter(volunteer=volunteer).exists()


def test_the_address_and_rules_show_only_on_a_confirmed_stay_with_a_bed(vera, volunteer, calais, bungalows, mission):
    working(volunteer, mission, ARRIVAL, 3)
    stay = services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=3), needs_bed=True
    )
    page = vera.get(reverse("stays:detail", args=[stay.pk])).content.decode()
    assert bungalows.address in page and "Quiet after 22:00." in page
    assert "bed 1" in page
    services.cancel_stay(stay=stay)
    page = vera.get(reverse("stays:detail", args=[stay.pk])).content.decode()
    assert bungalows.address not in page


def test_the_stay_page_shows_shifts_and_empty_days(vera, volunteer, calais, mission):
    working(volunteer, mission, ARRIVAL + timedelta(days=1), 1)
    stay = services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=2), needs_bed=False
    )
    page = vera.get(reverse("stays:detail", args=[stay.pk])).content.decode()
    assert mission.name in page
    assert "2 days have no shift yet." in page
    assert f"date={ARRIVAL.isoformat()}" in page


def test_someone_elses_stay_is_not_found(client, outsider, volunteer, calais):
    stay = services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=2), needs_bed=False
    )
    client.force_login(outsider)
    for name in ("detail", "change", "booked"):
        assert client.get(reverse(f"stays:{name}", args=[stay.pk])).status_code == 404
    assert client.post(reverse("stays:cancel", args=[stay.pk])).status_code == 404
    stay.refresh_from_db()
    assert stay.status == Stay.Status.CONFIRMED


def test_same_shift_every_day_from_a_shift_page(vera, volunteer, calais, mission):
    stay = services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=2), needs_bed=False
    )
    shifts = [shift_on(mission, ARRIVAL + timedelta(days=i), time(9), capacity=1) for i in range(3)]
    shift_on(mission, ARRIVAL + timedelta(days=1), time(13))  # another time: not offered
    full = shifts[1]
    Signup.objects.create(shift=full, volunteer=VolunteerFactory(), status=Signup.Status.CONFIRMED)
    type(full).objects.filter(pk=full.pk).update(confirmed_count=1)

    response = vera.get(reverse("stays:same_shift", args=[shifts[0].pk]))
    assert response["Location"] == reverse("stays:repeat", args=[stay.pk]) + f"?slot={mission.pk}-0900"
    page = vera.get(response["Location"]).content.decode()
    assert page.count('name="shifts"') == 3

    response = vera.post(response["Location"], {"shifts": [str(s.pk) for s in shifts]})
    assert response["Location"] == reverse("stays:booked", args=[stay.pk])
    statuses = dict(Signup.objects.filter(volunteer=volunteer).values_list("shift_id", "status"))
    assert statuses == {shifts[0].pk: "confirmed", shifts[1].pk: "waitlisted", shifts[2].pk: "confirmed"}
    result = vera.get(response["Location"]).content.decode()
    assert "waiting list, number 1" in result


def test_same_shift_without_a_stay_leads_to_planning_one(vera, calais, mission):
    shift = shift_on(mission, ARRIVAL)
    response = vera.get(reverse("stays:same_shift", args=[shift.pk]))
    assert response["Location"] == reverse("stays:plan", args=["calais"])


def test_repeat_refuses_a_shift_it_did_not_offer(vera, volunteer, calais, mission):
    stay = services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=2), needs_bed=False
    )
    shift_on(mission, ARRIVAL, time(9))
    elsewhere = shift_on(mission, ARRIVAL + timedelta(days=10), time(9))
    url = reverse("stays:repeat", args=[stay.pk]) + f"?slot={mission.pk}-0900"
    response = vera.post(url, {"shifts": [str(elsewhere.pk)]})
    assert response.status_code == 200
    assert not Signup.objects.filter(volunteer=volunteer).exists()


def test_change_and_cancel(vera, volunteer, calais, bungalows, mission):
    working(volunteer, mission, ARRIVAL, 4)
    stay = services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=2), needs_bed=True
    )
    response = vera.post(reverse("stays:change", args=[stay.pk]), plan_data(nights=4, note="Vegetarian"))
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.leaves_on, stay.note) == (ARRIVAL + timedelta(days=4), "Vegetarian")
    assert stay.bed_nights.count() == 4

    response = vera.post(reverse("stays:change", args=[stay.pk]), plan_data(nights=6))
    assert "No shift yet for the nights of" in response.content.decode()

    vera.post(reverse("stays:cancel", args=[stay.pk]))
    stay.refresh_from_db()
    assert stay.status == Stay.Status.CANCELLED
    assert not StayNight.objects.exists()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_pages_in_both_languages(client, volunteer, calais, bungalows, mission, language):
    volunteer.preferred_language = language
    volunteer.save()
    client.force_login(volunteer)
    working(volunteer, mission, ARRIVAL, 2)
    stay = services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=2), needs_bed=True
    )
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    for url in (
        reverse("stays:mine"),
        reverse("stays:choose_site"),
        reverse("stays:plan", args=["calais"]),
        reverse("stays:detail", args=[stay.pk]),
        reverse("stays:change", args=[stay.pk]),
    ):
        response = client.get(url, **headers)
        assert response.status_code == 200, url
    page = client.get(reverse("stays:detail", args=[stay.pk]), **headers).content.decode()
    assert ("Où vous dormez" in page) == (language == "fr")
