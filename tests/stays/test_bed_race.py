"""Beds are never overbooked under concurrency: real PostgreSQL, real threads, real row locks."""

from datetime import timedelta
from functools import partial

import pytest
from django.db.models import Count

from stays import services
from stays.models import Stay, StayNight
from tests.factories import VolunteerFactory
from tests.shifts.test_signup_race import race

from .conftest import ARRIVAL, working

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_people_racing_for_the_last_three_beds(calais, bungalows, mission):
    bungalows.beds = 10
    bungalows.save()
    # Seven beds already taken on each of the three nights.
    for _i in range(7):
        person = VolunteerFactory()
        working(person, mission, ARRIVAL, 3)
        services.plan_stay(
            volunteer=person, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=3), needs_bed=True
        )
    people = [VolunteerFactory() for _i in range(20)]
    for person in people:
        working(person, mission, ARRIVAL, 3)

    results = race(
        *[
            partial(
                services.plan_stay,
                volunteer=person,
                site=calais,
                arrives_on=ARRIVAL,
                leaves_on=ARRIVAL + timedelta(days=3),
                needs_bed=True,
            )
            for person in people
        ]
    )

    won = [result for result in results if isinstance(result, Stay)]
    refused = [result for result in results if isinstance(result, services.StayRefused)]
    assert len(won) == 3, results
    assert len(refused) == 17 and {r.code for r in refused} == {"full"}, results
    per_night = dict(StayNight.objects.values("night").annotate(n=Count("pk")).values_list("night", "n"))
    assert per_night == {ARRIVAL + timedelta(days=i): 10 for i in range(3)}
    assert StayNight.objects.filter(bed__gt=bungalows.beds).count() == 0
    # Exactly the three winners hold a bed, three nights each.
    assert StayNight.objects.filter(stay__in=won).count() == 9


def test_one_person_racing_two_overlapping_stays_gets_one(calais, chapelle):
    for attempt in range(5):
        person = VolunteerFactory()
        results = race(
            partial(
                services.plan_stay,
                volunteer=person,
                site=calais,
                arrives_on=ARRIVAL,
                leaves_on=ARRIVAL + timedelta(days=3),
                needs_bed=False,
            ),
            partial(
                services.plan_stay,
                volunteer=person,
                site=chapelle,
                arrives_on=ARRIVAL + timedelta(days=1),
                leaves_on=ARRIVAL + timedelta(days=4),
                needs_bed=False,
            ),
        )
        assert Stay.objects.filter(volunteer=person).count() == 1, attempt
        assert [r.code for r in results if isinstance(r, services.StayRefused)] == ["overlap"], results
