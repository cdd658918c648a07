"""`seed_demo`: one seeded database for the module (seeding takes half a minute), each test asserting on it in its
own transaction rolled back at its end, the seed itself rolled back after the module."""

import io
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from donations.models import Need
from shifts.models import Notification, Shift, ShiftTemplate, Signup
from sites.models import CollectionPoint, Site
from volunteers.models import Volunteer


@dataclass
class Seeded:
    output: str
    counts_after_first_run: tuple[int, int, int]
    counts_after_second_run: tuple[int, int, int]
    points_after_first_run: int
    mail_sent: list


def _counts() -> tuple[int, int, int]:
    return Volunteer.objects.count(), Shift.objects.count(), Signup.objects.count()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Runs the command twice (it must be idempotent), with what it queues after commit run as it would be."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        mail.outbox = []
        out = io.StringIO()
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", stdout=out)
        first, points = _counts(), CollectionPoint.objects.count()
        call_command("seed_demo", stdout=io.StringIO())
        yield Seeded(out.getvalue(), first, _counts(), points, list(mail.outbox))
        transaction.set_rollback(True)


def test_seed_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")


def test_seed_demo_is_idempotent_and_respects_capacity(seeded, db):
    assert seeded.counts_after_second_run == seeded.counts_after_first_run
    past = Signup.objects.filter(shift__ends_at__lt=timezone.now())
    assert past.filter(attendance=Signup.Attendance.PRESENT).exists()  # the coordinators' numbers have data
    assert "admin@example.org" in seeded.output
    assert Volunteer.objects.filter(email__startswith="volunteer").count() == 60
    coordinators = Volunteer.objects.filter(email__startswith="coordinator.")
    assert len({person.first_name for person in coordinators}) == coordinators.count() == 3
    assert not Site.objects.filter(emergency_phone="").exists()  # the night board has a number to give
    assert Signup.objects.filter(status=Signup.Status.CONFIRMED).exists()
    for shift in Shift.objects.all():
        assert shift.confirmed_count == shift.signups.filter(status=Signup.Status.CONFIRMED).count() <= shift.capacity


def test_demo_bookings_tell_nobody(seeded, db):
    assert Signup.objects.exists()
    assert not Notification.objects.filter(kind="own_signup").exists()
    assert seeded.mail_sent == []


def test_seed_demo_gives_collection_points_in_several_arrondissements_with_weekly_templates(seeded, db, client):
    points = CollectionPoint.objects.filter(site__slug="porte-de-la-chapelle", is_active=True)
    assert len({point.arrondissement for point in points}) >= 3
    for point in points:
        assert ShiftTemplate.objects.filter(mission__collection_point=point).exists()
    assert ShiftTemplate.objects.filter(mission__slug="collection-round").exists()
    assert Need.objects.filter(urgency="enough").exists()
    assert CollectionPoint.objects.count() == seeded.points_after_first_run == points.count()
    assert client.get("/donate/").status_code == 200
