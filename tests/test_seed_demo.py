import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from shifts.models import Shift, Signup
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")


def test_seed_demo_is_idempotent_and_respects_capacity(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    counts = (Volunteer.objects.count(), Shift.objects.count(), Signup.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Volunteer.objects.count(), Shift.objects.count(), Signup.objects.count()) == counts
    past = Signup.objects.filter(shift__ends_at__lt=timezone.now())
    assert past.filter(attendance=Signup.Attendance.PRESENT).exists()  # the coordinators' numbers have data
    assert "admin@example.org" in out.getvalue()
    assert Volunteer.objects.filter(email__startswith="volunteer").count() == 60
    assert Signup.objects.filter(status=Signup.Status.CONFIRMED).exists()
    for shift in Shift.objects.all():
        assert shift.confirmed_count == shift.signups.filter(status=Signup.Status.CONFIRMED).count() <= shift.capacity


def test_demo_bookings_tell_nobody(settings, django_capture_on_commit_callbacks):
    from django.core import mail

    from shifts.models import Notification

    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert Signup.objects.exists()
    assert not Notification.objects.filter(kind="own_signup").exists()
    assert mail.outbox == []
