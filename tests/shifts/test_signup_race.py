"""Capacity and overlap hold under concurrency: real PostgreSQL, real threads, real row locks."""

import threading
from datetime import time
from functools import partial

import pytest
from django.db import connection

from shifts import selectors, services
from shifts.models import Shift, Signup
from tests.factories import ShiftFactory, VolunteerFactory, local_dt

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*calls):
    """Run every call in its own thread and connection, released together. Returns results/errors."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_thirty_people_racing_for_five_seats(mission):
    shift = ShiftFactory(mission=mission, capacity=5)
    people = [VolunteerFactory() for _ in range(30)]

    results = race(*[partial(services.sign_up, volunteer=person, shift=shift) for person in people])

    assert all(isinstance(result, Signup) for result in results), results
    statuses = list(Signup.objects.filter(shift=shift).values_list("status", flat=True))
    assert statuses.count(Signup.Status.CONFIRMED) == 5
    assert statuses.count(Signup.Status.WAITLISTED) == 25
    shift.refresh_from_db()
    assert shift.confirmed_count == 5
    waiting = Signup.objects.filter(shift=shift, status=Signup.Status.WAITLISTED)
    assert sorted(selectors.waitlist_position(s) for s in waiting) == list(range(1, 26))


def test_one_person_racing_onto_two_overlapping_shifts_gets_at_most_one(mission):
    day = local_dt(ShiftFactory.build().starts_at.date(), time(9)).date()
    for attempt in range(5):
        person = VolunteerFactory()
        first = ShiftFactory(mission=mission, starts_at=local_dt(day, time(8)), ends_at=local_dt(day, time(12)))
        second = ShiftFactory(mission=mission, starts_at=local_dt(day, time(10)), ends_at=local_dt(day, time(14)))

        results = race(
            partial(services.sign_up, volunteer=person, shift=first),
            partial(services.sign_up, volunteer=person, shift=second),
        )

        assert Signup.objects.filter(volunteer=person, status=Signup.Status.CONFIRMED).count() == 1, attempt
        refused = [r for r in results if isinstance(r, services.SignupRefused)]
        assert [r.code for r in refused] == ["overlap"], results


def test_promotion_racing_an_overlapping_booking_confirms_at_most_one(mission):
    day = local_dt(ShiftFactory.build().starts_at.date(), time(9)).date()
    for attempt in range(5):
        person = VolunteerFactory()
        full = ShiftFactory(
            mission=mission, capacity=1, starts_at=local_dt(day, time(8)), ends_at=local_dt(day, time(12))
        )
        other = ShiftFactory(mission=mission, starts_at=local_dt(day, time(10)), ends_at=local_dt(day, time(14)))
        seat = services.sign_up(volunteer=VolunteerFactory(), shift=full)
        services.sign_up(volunteer=person, shift=full)

        race(
            partial(services.cancel, signup=seat),
            partial(services.sign_up, volunteer=person, shift=other),
        )

        assert Signup.objects.filter(volunteer=person, status=Signup.Status.CONFIRMED).count() == 1, attempt
        assert (
            Shift.objects.get(pk=full.pk).confirmed_count
            == Signup.objects.filter(shift=full, status=Signup.Status.CONFIRMED).count()
        )
