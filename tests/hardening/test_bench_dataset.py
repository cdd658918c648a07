from datetime import timedelta

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from bench.dataset import PROBE_SIGNUPS, STORM_CAPACITY, URGENT_ALREADY, URGENT_CAPACITY, Sizes, generate
from shifts.models import Shift, Signup


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_benchmark_data_keeps_the_rules_the_services_keep():
    data = generate(Sizes(days=14, volunteers=80, long_history=10), log=lambda *_: None)

    # 28 slots a day from the weekly pattern, each site's daily briefing (seed_sites), the storm's 3 shifts and
    # the urgent call's one, and one a day after the year for each in-process sign-up POST.
    assert data.shifts == Shift.objects.count() == 14 * (28 + 3) + 4 + PROBE_SIGNUPS
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
    # The urgent call's shift: a few people already on it, seats left; its visitors are not the storm's.
    urgent = Shift.objects.get(pk=data.urgent_shift_id)
    assert (urgent.capacity, urgent.confirmed_count) == (URGENT_CAPACITY, URGENT_ALREADY)
    assert urgent.signups.filter(status=Signup.Status.CONFIRMED).count() == URGENT_ALREADY
    assert not set(data.urgent_volunteer_ids) & set(data.storm_volunteer_ids)
    assert not urgent.signups.filter(volunteer_id__in=data.urgent_volunteer_ids).exists()
    assert data.busy_day_people > 0
    # The fortnight volunteer: a confirmed shift on most days from a month ago to two weeks ahead, none later.
    fortnight = Signup.objects.filter(volunteer_id=data.fortnight_volunteer_id)
    assert fortnight.count() >= 7  # the generated days around today, at most one a day
    assert not fortnight.filter(shift__starts_at__gt=timezone.now() + timedelta(days=15)).exists()
    # The sign-up POSTs: shifts nobody else books, people neither the storm nor the urgent call brings.
    assert not Signup.objects.filter(shift_id__in=data.probe_shift_ids).exists()
    assert not set(data.probe_volunteer_ids) & (set(data.urgent_volunteer_ids) | set(data.storm_volunteer_ids))


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_urgent_call_has_its_own_visitors_after_the_storm_s():
    data = generate(Sizes(days=7, volunteers=120, long_history=5, storm_clients=30), log=lambda *_: None)

    assert len(data.storm_volunteer_ids) == 30
    assert len(data.urgent_volunteer_ids) == 120 - 1 - 30 - URGENT_ALREADY - PROBE_SIGNUPS
    assert len(data.probe_volunteer_ids) == len(data.probe_shift_ids) == PROBE_SIGNUPS
    assert not set(data.urgent_volunteer_ids) & set(data.storm_volunteer_ids)
    # Its shift lies after the generated year: nobody the call brings is refused for another shift at that time.
    urgent = Shift.objects.get(pk=data.urgent_shift_id)
    year = Shift.objects.exclude(pk__in=[urgent.pk, *data.storm_shift_ids, *data.probe_shift_ids])
    assert urgent.starts_at > year.latest("ends_at").ends_at
    overlapping = Signup.objects.filter(shift__starts_at__lt=urgent.ends_at, shift__ends_at__gt=urgent.starts_at)
    assert not overlapping.filter(volunteer_id__in=data.urgent_volunteer_ids).exists()
