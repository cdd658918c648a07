"""Erasure against concurrent sign-ups, on the real PostgreSQL with its row locks."""

import threading

import pytest
from django.db import connection

from shifts import services as shift_services
from shifts.models import Shift, Signup
from tests.factories import MissionFactory, ShiftFactory, VolunteerFactory
from volunteers import services
from volunteers.models import Volunteer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except shift_services.SignupRefused:
            pass
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.mark.parametrize("attempt", range(5))
def test_erasure_racing_a_sign_up_leaves_no_upcoming_seat_and_no_deadlock(attempt):
    mission = MissionFactory()
    person = VolunteerFactory()
    held = ShiftFactory(mission=mission, capacity=1)
    shift_services.sign_up(volunteer=person, shift=held)
    waiting = shift_services.sign_up(volunteer=VolunteerFactory(), shift=held)
    wanted = ShiftFactory(
        mission=mission, starts_at=held.ends_at, ends_at=held.ends_at + (held.ends_at - held.starts_at)
    )

    errors = run_together(
        lambda: services.erase_account(volunteer=Volunteer.objects.get(pk=person.pk)),
        lambda: shift_services.sign_up(volunteer=Volunteer.objects.get(pk=person.pk), shift=wanted),
    )

    assert errors == []
    assert Volunteer.objects.get(pk=person.pk).anonymised_at is not None
    assert not Signup.objects.active().filter(volunteer_id=person.pk).exists()
    assert Signup.objects.get(pk=waiting.pk).status == Signup.Status.CONFIRMED
    assert Shift.objects.get(pk=held.pk).confirmed_count == 1
    assert Shift.objects.get(pk=wanted.pk).confirmed_count == 0
