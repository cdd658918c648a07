"""The database itself refuses what the rules forbid, whatever code writes the rows."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from shifts.models import Shift, Signup
from tests.factories import ShiftFactory, SignupFactory, VolunteerFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_shift_must_end_after_it_starts():
    shift = ShiftFactory()
    with pytest.raises(IntegrityError, match="shifts_shift_ends_after_start"), transaction.atomic():
        Shift.objects.filter(pk=shift.pk).update(ends_at=shift.starts_at - timedelta(minutes=1))


def test_capacity_must_be_at_least_one():
    with pytest.raises(IntegrityError, match="shifts_shift_capacity_positive"), transaction.atomic():
        ShiftFactory(capacity=0)


def test_one_active_signup_per_volunteer_and_shift():
    signup = SignupFactory(status=Signup.Status.CONFIRMED)
    with pytest.raises(IntegrityError, match="shifts_signup_one_active_per_volunteer"), transaction.atomic():
        Signup.objects.create(shift=signup.shift, volunteer=signup.volunteer, status=Signup.Status.WAITLISTED)


def test_a_cancelled_signup_does_not_block_signing_up_again():
    signup = SignupFactory(status=Signup.Status.CANCELLED)
    Signup.objects.create(shift=signup.shift, volunteer=signup.volunteer, status=Signup.Status.CONFIRMED)
    assert signup.shift.signups.count() == 2


def test_confirmed_count_never_exceeds_capacity():
    shift = ShiftFactory(capacity=2)
    Shift.objects.filter(pk=shift.pk).update(confirmed_count=2)
    with pytest.raises(IntegrityError, match="shifts_shift_confirmed_within_capacity"), transaction.atomic():
        Shift.objects.filter(pk=shift.pk).update(confirmed_count=F("confirmed_count") + 1)


def test_capacity_cannot_drop_below_confirmed_count():
    shift = ShiftFactory(capacity=3)
    Shift.objects.filter(pk=shift.pk).update(confirmed_count=3)
    with pytest.raises(IntegrityError, match="shifts_shift_confirmed_within_capacity"), transaction.atomic():
        Shift.objects.filter(pk=shift.pk).update(capacity=2)


def test_email_unique_ignoring_case():
    VolunteerFactory(email="sam@example.org")
    with pytest.raises(IntegrityError, match="volunteers_volunteer_email_ci_unique"), transaction.atomic():
        VolunteerFactory(email="Sam@Example.org")


def test_a_site_is_closed_at_most_once_a_day():
    from datetime import date

    from sites.models import Closure
    from tests.factories import SiteFactory

    site = SiteFactory()
    Closure.objects.create(site=site, date=date(2027, 1, 4))
    with pytest.raises(IntegrityError, match="sites_closure_one_site_closure_per_day"), transaction.atomic():
        Closure.objects.create(site=site, date=date(2027, 1, 4))
