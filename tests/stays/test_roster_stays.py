"""The coordinators' stays page: arrivals, departures, who sleeps where, beds per night, flagged nights."""

from datetime import timedelta

import pytest
from django.urls import reverse

from shifts import services as shift_services
from shifts.models import Signup
from stays import selectors, services
from tests.factories import SignupFactory, VolunteerFactory

from .conftest import ARRIVAL, shift_on, working

pytestmark = pytest.mark.django_db


def stays_url(site="calais", day=ARRIVAL):
    return reverse("roster_stays:stays", args=[site]) + f"?day={day.isoformat()}"


def arrive(site, mission, *, nights=2, bed=True, person=None, day=ARRIVAL):
    person = person or VolunteerFactory()
    if bed:
        working(person, mission, day, nights)
    return services.plan_stay(
        volunteer=person, site=site, arrives_on=day, leaves_on=day + timedelta(days=nights), needs_bed=bed
    )


@pytest.mark.parametrize(("who", "status"), [("coordinator", 200), ("admin_user", 200), ("outsider", 403)])
def test_only_the_sites_coordinators_and_admins(client, calais, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(stays_url()).status_code == status
    assert client.get(reverse("roster_stays:print", args=["calais"])).status_code == status


def test_a_coordinator_of_another_site_is_refused(client, chapelle, calais):
    person = VolunteerFactory()
    chapelle.coordinators.add(person)
    client.force_login(person)
    assert client.get(stays_url()).status_code == 403


def test_arrivals_departures_and_who_sleeps_where(client, coordinator, calais, bungalows, mission):
    newcomer = arrive(calais, mission)
    regular = VolunteerFactory(first_name="Regula")
    old = shift_on(mission, ARRIVAL - timedelta(days=20))
    SignupFactory(shift=old, volunteer=regular, status=Signup.Status.CONFIRMED, attendance="present")
    arrive(calais, mission, person=regular)
    leaving = arrive(calais, mission, day=ARRIVAL - timedelta(days=2), nights=2, bed=False)

    client.force_login(coordinator)
    page = client.get(stays_url()).content.decode()

    assert "2 arrivals" in page and "1 departure" in page
    assert newcomer.volunteer.get_full_name() in page and leaving.volunteer.get_full_name() in page
    assert page.count("first time here") >= 2  # the newcomer in arrivals and in who sleeps where
    assert "bed 1" in page and "bed 2" in page
    assert "Regula" in page


def test_beds_per_night_chart_and_table(client, coordinator, calais, bungalows, mission):
    arrive(calais, mission, nights=3)
    arrive(calais, mission, nights=1)
    rows = selectors.beds_per_night(calais, ARRIVAL, days=4)
    assert [(row.taken, row.beds) for row in rows] == [(2, 3), (1, 3), (1, 3), (0, 3)]
    client.force_login(coordinator)
    page = client.get(stays_url()).content.decode()
    assert "<svg" in page and "2 / 3" in page


def test_the_chart_numbers_are_not_localised(client, coordinator, calais, bungalows, mission):
    arrive(calais, mission, nights=1)
    coordinator.preferred_language = "fr"
    coordinator.save()
    client.force_login(coordinator)
    page = client.get(stays_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "," not in svg.split("<title")[0]
    import re

    assert not re.search(r'(x|y|width|height)="\d+,\d', svg)


def test_a_cancelled_shift_flags_the_bed_night(client, coordinator, calais, bungalows, mission):
    person = VolunteerFactory(first_name="Flavia")
    shifts = working(person, mission, ARRIVAL, 3)
    services.plan_stay(
        volunteer=person, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=3), needs_bed=True
    )
    assert selectors.flagged_nights(calais, ARRIVAL) == []
    # Cancelling the 3rd day's shift leaves the 3rd night (day 3, nothing on day 3 or 4) unbacked;
    # the 2nd night is still backed by its own day.
    shift_services.cancel(signup=Signup.objects.get(volunteer=person, shift=shifts[2]))
    flagged = selectors.flagged_nights(calais, ARRIVAL)
    assert [night.night for night in flagged] == [ARRIVAL + timedelta(days=2)]
    # Flagged, not cancelled.
    assert person.stays.get().bed_nights.count() == 3
    client.force_login(coordinator)
    page = client.get(stays_url()).content.decode()
    flagged_section = page[page.index('id="flagged-title"') : page.index('id="beds-title"')]
    assert "Flavia" in flagged_section


def test_the_printable_list(client, coordinator, calais, bungalows, mission):
    stay = arrive(calais, mission)
    client.force_login(coordinator)
    page = client.get(reverse("roster_stays:print", args=["calais"]) + f"?day={ARRIVAL.isoformat()}").content.decode()
    assert stay.volunteer.get_full_name() in page
    assert "roster-print" in page


def test_no_day_is_today_and_a_bad_day_is_a_404(client, coordinator, calais):
    client.force_login(coordinator)
    assert client.get(reverse("roster_stays:stays", args=["calais"])).status_code == 200
    for bad in ("nonsense", "9999-12-31", "0001-01-01"):
        assert client.get(reverse("roster_stays:stays", args=["calais"]), {"day": bad}).status_code == 404


def test_query_count_is_flat_with_30_arrivals(
    client, coordinator, calais, bungalows, mission, django_assert_max_num_queries
):
    bungalows.beds = 40
    bungalows.save()
    client.force_login(coordinator)
    arrive(calais, mission)
    with django_assert_max_num_queries(40) as few:
        client.get(stays_url())
    for _i in range(29):
        arrive(calais, mission)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(stays_url())
    assert response.content.decode().count("first time here") >= 30
    assert len(many.captured_queries) == len(few.captured_queries)
