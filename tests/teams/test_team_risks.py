"""team_risks: every code, the defaults that keep today's shifts free of risk, and one batch for a day."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from shifts import selectors
from shifts.models import Shift, Signup
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, VolunteerFactory, grant, local_dt
from tests.teams.conftest import person_with

pytestmark = pytest.mark.django_db


def confirm(shift, *people):
    for person in people:
        SignupFactory(shift=shift, volunteer=person, status=Signup.Status.CONFIRMED)
    shift.confirmed_count = len(people)
    shift.save()


def attended(person, site, times: int):
    for _ in range(times):
        past = timezone.now() - timedelta(days=30)
        shift = ShiftFactory(mission=MissionFactory(site=site), starts_at=past, ends_at=past + timedelta(hours=2))
        SignupFactory(
            shift=shift, volunteer=person, status=Signup.Status.CONFIRMED, attendance=Signup.Attendance.PRESENT
        )


def test_a_mission_without_team_settings_has_no_risk(mission):
    empty = ShiftFactory(mission=mission)
    assert selectors.team_risks(empty) == []


def test_too_few(minors):
    shift = ShiftFactory(mission=minors)
    confirm(shift, person_with("safeguarding"))
    assert selectors.team_risks(shift) == ["too_few"]
    confirm(shift, person_with("safeguarding"), person_with("safeguarding"))
    assert selectors.team_risks(shift) == []


def test_missing_team_needs(night):
    shift = ShiftFactory(mission=night, capacity=4)
    confirm(shift, VolunteerFactory(), VolunteerFactory(), VolunteerFactory())
    assert selectors.team_risks(shift) == ["missing:team-lead", "missing:driving-licence"]
    confirm(shift, person_with("team-lead"), person_with("driving-licence"), VolunteerFactory())
    assert selectors.team_risks(shift) == []


def test_a_need_is_judged_on_the_shifts_local_date(night):
    day = timezone.localdate() + timedelta(days=5)
    shift = ShiftFactory(
        mission=night, starts_at=local_dt(day, time(21)), ends_at=local_dt(day + timedelta(days=1), time(1))
    )
    lead = VolunteerFactory()
    grant(lead, "team-lead", valid_until=day - timedelta(days=1))  # valid today, expired by then
    confirm(shift, lead, person_with("driving-licence"), VolunteerFactory())
    assert selectors.team_risks(shift) == ["missing:team-lead"]


def test_required_qualification_lost_after_sign_up_is_a_risk(minors):
    shift = ShiftFactory(mission=minors)
    lapsed = VolunteerFactory()
    grant(lapsed, "safeguarding", revoked_at=timezone.now())
    confirm(shift, person_with("safeguarding"), lapsed)
    assert selectors.team_risks(shift) == ["missing:safeguarding"]


def test_newcomers_only_needs_three_attended_shifts_at_that_site(calais, chapelle):
    mission = MissionFactory(site=calais, needs_experienced=True)
    shift = ShiftFactory(mission=mission)
    almost, elsewhere = VolunteerFactory(), VolunteerFactory()
    attended(almost, calais, 2)
    attended(elsewhere, chapelle, 5)
    confirm(shift, almost, elsewhere)
    assert selectors.team_risks(shift) == ["newcomers_only"]
    attended(almost, calais, 1)
    assert selectors.team_risks(shift) == []


def test_every_code_at_once_and_none_on_a_cancelled_shift(night):
    night.needs_experienced = True
    night.save()
    shift = ShiftFactory(mission=night)
    assert selectors.team_risks(shift) == ["too_few", "missing:team-lead", "missing:driving-licence", "newcomers_only"]
    shift.is_cancelled = True
    shift.save()
    assert selectors.team_risks(shift) == []


def test_a_day_of_thirty_shifts_costs_the_same_queries_as_three(night, minors, mission, query_budget):
    night.needs_experienced = True
    night.save()
    day = timezone.localdate() + timedelta(days=3)

    def make(count):
        shifts = []
        for n in range(count):
            m = (night, minors, mission)[n % 3]
            start = local_dt(day, time(8 + n % 12))
            shift = ShiftFactory(mission=m, starts_at=start, ends_at=start + timedelta(hours=2), capacity=4)
            confirm(shift, person_with("team-lead"), person_with("safeguarding", "driving-licence"))
            shifts.append(shift)
        return shifts

    few = Shift.objects.filter(pk__in=[s.pk for s in make(3)]).select_related("mission__site")
    many = Shift.objects.filter(pk__in=[s.pk for s in make(30)]).select_related("mission__site").order_by("pk")
    few, many = list(few), list(many)

    with query_budget(2) as small:
        selectors.team_risks_for(few)
    with query_budget(len(small.captured_queries)):
        risks = selectors.team_risks_for(many)
    expected = {
        night.pk: ["too_few", "newcomers_only"],  # two of three, nobody with three shifts here
        minors.pk: ["missing:safeguarding"],  # the team lead is not checked for minors
        mission.pk: [],
    }
    assert [risks[shift.pk] for shift in many] == [expected[shift.mission_id] for shift in many]
