"""Arranging data for page tests (bypasses the rules on purpose: the rules have their own tests)."""

from django.db.models import Count, Q

from shifts.models import Shift, Signup
from tests.factories import SignupFactory, VolunteerFactory


def fill(shift, *, confirmed=0, waitlisted=0, people=None):
    """Put `confirmed` and `waitlisted` people on `shift` and keep its counter right."""
    people = list(people or [])
    signups = []
    for index in range(confirmed + waitlisted):
        person = people[index] if index < len(people) else VolunteerFactory()
        status = Signup.Status.CONFIRMED if index < confirmed else Signup.Status.WAITLISTED
        signups.append(SignupFactory(shift=shift, volunteer=person, status=status))
    sync_counts()
    shift.refresh_from_db()
    return signups


def sync_counts():
    for shift in Shift.objects.annotate(n=Count("signups", filter=Q(signups__status=Signup.Status.CONFIRMED))).exclude(
        confirmed_count=0, n=0
    ):
        Shift.objects.filter(pk=shift.pk).update(confirmed_count=shift.n)
