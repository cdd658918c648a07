import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from bench.dataset import STORM_CAPACITY, Sizes, generate
from shifts.models import Shift, Signup


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_benchmark_data_keeps_the_rules_the_services_keep():
    data = generate(Sizes(days=14, volunteers=80, long_history=10), log=lambda *_: None)

    # 28 slots a day from the weekly pattern, each site's daily briefing (seed_sites), the storm's 3 shifts.
    assert data.shifts == Shift.objects.count() == 14 * (28 + 3) + 3
    assert data.signups == Signup.objects.count() > 14 * 28
    counted = Shift.objects.annotate(
        confirmed=Count("signups", filter=Q(signups__status=Signup.Status.CONFIRMED)),
        waiting=Count("signups", filter=Q(signups__status=Signup.Status.WAITLISTED)),
    )
    assert not counted.exclude(confirmed_count=F("confirmed")).exists()
    assert not counted.filter(confirmed_count__gt=F("capacity")).exists()
    # A waiting list only where every seat is taken.
    assert not counted.filter(waiting__gt=0, confirmed__lt=F("capacity")).exists()
    assert Signup.objects.filter(status=Signup.Status.CANCELLED).exists()
    assert Signup.objects.filter(volunteer_id=data.long_history_volunteer_id).count() == 10
    assert Signup.objects.filter(shift__ends_at__lt=timezone.now(), attendance=Signup.Attendance.PRESENT).exists()
    future = Signup.objects.filter(shift__ends_at__gt=timezone.now())
    assert not future.exclude(attendance=Signup.Attendance.UNKNOWN).exists()
    storm = Shift.objects.filter(pk__in=data.storm_shift_ids)
    assert [(s.capacity, s.confirmed_count) for s in storm] == [(STORM_CAPACITY, 0)] * 3
    assert not Signup.objects.filter(shift__in=storm).exists()
