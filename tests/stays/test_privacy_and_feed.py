"""The stay in the export, the calendar feed and my shifts; erasure cancels future stays and frees their beds."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse

from stays import services
from stays.models import Stay, StayNight
from tests.factories import VolunteerFactory
from volunteers import services as volunteer_services

from .conftest import ARRIVAL, working

pytestmark = pytest.mark.django_db


def with_bed(person, site, mission, nights=3, day=ARRIVAL):
    working(person, mission, day, nights)
    return services.plan_stay(
        volunteer=person,
        site=site,
        arrives_on=day,
        leaves_on=day + timedelta(days=nights),
        needs_bed=True,
        note="Arriving by the late train",
    )


def test_erasure_cancels_future_stays_and_frees_the_beds(volunteer, calais, bungalows, mission):
    stay = with_bed(volunteer, calais, mission)
    assert StayNight.objects.count() == 3

    volunteer_services.erase_account(volunteer=volunteer)

    stay.refresh_from_db()
    assert stay.status == Stay.Status.CANCELLED
    assert stay.note == ""
    assert not StayNight.objects.exists()
    # The freed beds go to someone else.
    other = VolunteerFactory()
    assert with_bed(other, calais, mission).bed_nights.count() == 3


def test_erasure_keeps_a_past_stay_as_it_was(volunteer, calais):
    stay = Stay.objects.create(
        volunteer=volunteer,
        site=calais,
        arrives_on=ARRIVAL - timedelta(days=40),
        leaves_on=ARRIVAL - timedelta(days=35),
    )
    volunteer_services.erase_account(volunteer=volunteer)
    stay.refresh_from_db()
    assert stay.status == Stay.Status.CONFIRMED


def test_export_lists_stays_and_their_nights(volunteer, calais, bungalows, mission):
    with_bed(volunteer, calais, mission, nights=2)
    data = volunteer_services.export_data(volunteer=volunteer)
    assert len(data["stays"]) == 1
    exported = data["stays"][0]
    assert exported["site_slug"] == "calais"
    assert exported["nights_held"] == [ARRIVAL.isoformat(), (ARRIVAL + timedelta(days=1)).isoformat()]
    assert exported["note"] == "Arriving by the late train"


def test_export_has_nobody_elses_stay(volunteer, calais):
    services.plan_stay(
        volunteer=VolunteerFactory(),
        site=calais,
        arrives_on=ARRIVAL,
        leaves_on=ARRIVAL + timedelta(days=1),
        needs_bed=False,
    )
    assert volunteer_services.export_data(volunteer=volunteer)["stays"] == []


def test_the_feed_has_the_stay_as_an_all_day_event(client, volunteer, calais):
    stay = services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=3), needs_bed=False
    )
    url = f"/calendar/{volunteer.calendar_token}.ics"
    first = client.get(url)
    calendar = icalendar.Calendar.from_ical(first.content)
    events = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("stay-")]
    assert len(events) == 1
    assert events[0].decoded("DTSTART") == ARRIVAL
    assert events[0].decoded("DTEND") == ARRIVAL + timedelta(days=4)  # the day of leaving included
    assert "Calais" in str(events[0]["SUMMARY"])

    services.cancel_stay(stay=stay)
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and b"stay-" not in changed.content


def test_my_shifts_lists_the_stay(client, volunteer, calais):
    stay = services.plan_stay(
        volunteer=volunteer, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=3), needs_bed=False
    )
    client.force_login(volunteer)
    page = client.get(reverse("shifts:my_shifts")).content.decode()
    assert reverse("stays:detail", args=[stay.pk]) in page


def test_the_shift_page_offers_the_same_shift_every_day(client, volunteer, mission):
    from .conftest import shift_on

    shift = shift_on(mission, ARRIVAL)
    client.force_login(volunteer)
    page = client.get(reverse("shifts:detail", args=[shift.pk])).content.decode()
    assert reverse("stays:same_shift", args=[shift.pk]) in page
