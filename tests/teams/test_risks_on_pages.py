"""Where people look: the day roster, the week grid, the home page's needs, a volunteer alone on a shift."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from shifts import services
from shifts.models import Signup
from tests.factories import ShiftFactory, SignupFactory, local_dt
from tests.teams.conftest import person_with, shift_in

pytestmark = pytest.mark.django_db


def test_day_roster_and_week_grid_mark_a_shift_at_risk_in_words(client, coordinator, night):
    day = timezone.localdate() + timedelta(days=2)
    ShiftFactory(mission=night, starts_at=local_dt(day, time(21)), ends_at=local_dt(day, time(23)), capacity=4)
    client.force_login(coordinator)
    roster = client.get(f"/roster/calais/{day.isoformat()}/").text
    assert "team at risk" in roster and "missing: Team lead" in roster and "too few people" in roster
    week = client.get("/roster/calais/").text
    assert "fill-risk" in week and "missing: Driving licence" in week


def test_day_roster_in_french(client, coordinator, night):
    day = timezone.localdate() + timedelta(days=2)
    ShiftFactory(mission=night, starts_at=local_dt(day, time(21)), ends_at=local_dt(day, time(23)), capacity=4)
    coordinator.preferred_language = "fr"
    coordinator.save()
    client.force_login(coordinator)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    roster = client.get(f"/roster/calais/{day.isoformat()}/").text
    assert "équipe à risque" in roster and "manque : Responsable d&#x27;équipe" in roster


def test_home_puts_shifts_at_risk_first(client, calais, night, mission):
    for hours in (2, 3, 4, 5, 6, 7):
        shift_in(mission, hours)
    late = shift_in(night, 30)  # after six ordinary shifts: would not be shown at all
    response = client.get("/")
    text = response.text
    assert f"/shifts/{late.pk}/" in text
    calais_part = text.split('id="need-calais"')[1]
    first_link = calais_part.split('href="/shifts/')[1].split("/")[0]
    assert first_link == str(late.pk)
    assert "missing: Team lead" in text


def test_alone_on_a_minors_shift_sees_a_second_adult_is_looked_for(client, minors):
    shift = shift_in(minors, 48)
    alone = person_with("safeguarding")
    services.sign_up(volunteer=alone, shift=shift)
    client.force_login(alone)
    assert "we are looking for a second adult" in client.get(f"/shifts/{shift.pk}/").text
    services.sign_up(volunteer=person_with("safeguarding"), shift=shift)
    assert "we are looking for a second adult" not in client.get(f"/shifts/{shift.pk}/").text


def test_alone_on_a_team_of_three_is_not_told_of_a_second_adult(client, night, volunteer):
    shift = shift_in(night, 48)
    alone = person_with("team-lead")
    services.sign_up(volunteer=alone, shift=shift)
    client.force_login(alone)
    text = client.get(f"/shifts/{shift.pk}/").text
    assert "second adult" not in text
    assert "this team runs with at least 3 people, and we are looking for more" in text


def test_alone_on_an_ordinary_shift_sees_nothing_new(client, mission, volunteer):
    shift = shift_in(mission, 48)
    SignupFactory(shift=shift, volunteer=volunteer, status=Signup.Status.CONFIRMED)
    shift.confirmed_count = 1
    shift.save()
    client.force_login(volunteer)
    assert "looking for" not in client.get(f"/shifts/{shift.pk}/").text


def test_day_roster_and_week_query_counts_stay_flat_with_team_rules(client, coordinator, night, calais, query_budget):
    from tests.factories import MissionFactory

    experienced = MissionFactory(site=calais, needs_experienced=True)
    day = timezone.localdate() + timedelta(days=2)

    def shifts(count):
        for n in range(count):
            start = local_dt(day, time(6 + n % 15, 0))
            shift = ShiftFactory(
                mission=(night, experienced)[n % 2], starts_at=start, ends_at=start + timedelta(hours=1), capacity=4
            )
            SignupFactory(shift=shift, volunteer=person_with("team-lead"), status=Signup.Status.CONFIRMED)

    client.force_login(coordinator)
    shifts(3)
    with query_budget(30) as day_small:
        client.get(f"/roster/calais/{day.isoformat()}/")
    with query_budget(30) as week_small:
        client.get("/roster/calais/")
    shifts(27)  # a day of 30 shifts
    with query_budget(len(day_small.captured_queries)):
        page = client.get(f"/roster/calais/{day.isoformat()}/")
    assert page.text.count("team at risk") == 30
    with query_budget(len(week_small.captured_queries)):
        client.get("/roster/calais/")
