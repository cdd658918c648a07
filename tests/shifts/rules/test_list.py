"""The list itself: its order, its docstring, and the one read of the person it runs from."""

from datetime import date, time

import pytest
from django.urls import reverse
from django.utils import timezone

from shifts import rules, selectors, services
from shifts.models import BriefingWaiver, Signup
from tests.factories import VolunteerFactory, grant, requiring

from .conftest import shift_at

pytestmark = pytest.mark.django_db


def test_every_code_of_the_list_is_in_its_order():
    assert [rule.__name__ for rule in rules.RULES] == [
        "duplicate",
        "charter",
        "cancelled",
        "over",
        "started",
        "inactive",
        "no_birth_date",
        "under_18",
        "qualification",
        "languages",
        "experience",
        "overlap",
        "too_many_hours",
        "rest",
        "emergency_contact",
        "briefing",
    ]


def test_the_docstring_says_capacity_is_not_a_rule():
    assert "capacity" in rules.__doc__ and "waiting list" in rules.__doc__


def test_signup_refused_is_the_same_class_everywhere():
    assert services.SignupRefused is rules.SignupRefused


def test_the_first_refusal_in_list_order_wins(mission):
    shift = shift_at(mission, time(10), 4, is_cancelled=True)
    error = services.SignupRefused
    with pytest.raises(error) as caught:
        services.sign_up(volunteer=VolunteerFactory(birth_date=None, is_active=False), shift=shift)
    assert caught.value.code == "cancelled"


@pytest.mark.postgres  # SQLite probes its JSON support on a connection's first JSON query
def test_the_rules_read_the_person_once_whatever_the_rules(calais, mission, query_budget):
    calais.max_hours_per_day, calais.rest_after_night_hours, calais.requires_briefing = 10, 9, True
    calais.save()
    requiring(mission, "driving-licence")
    mission.min_experience, mission.required_languages = 0, ["fr"]
    mission.save()
    shift = shift_at(mission, time(10), 4)
    person = VolunteerFactory()
    with query_budget(exactly=1):
        person = rules.read_person(person, shift)
    with query_budget(exactly=1):  # the names of what is missing, for the message
        found = rules.refusal(volunteer=person, shift=shift)
    assert found.code == "qualification"


def test_the_call_for_help_judges_every_candidate_in_one_query(mission, query_budget):
    shift = shift_at(mission, time(10), 4)
    for _ in range(5):
        VolunteerFactory(urgent_calls=True)
    with query_budget(exactly=1):
        helpers = selectors.eligible_helpers(shift=shift)
    assert len(helpers) == 5


def test_the_sign_up_post_stays_within_twelve_queries(client, calais, mission, query_budget):
    # Every rule on: the hours, the rest, a briefing (waived), a language, a qualification held.
    calais.max_hours_per_day, calais.rest_after_night_hours, calais.requires_briefing = 10, 9, True
    calais.save()
    requiring(mission, "driving-licence")
    mission.required_languages = ["fr"]
    mission.save()
    shift = shift_at(mission, time(10), 4)
    person = VolunteerFactory(birth_date=date(1990, 1, 1))
    grant(person, "driving-licence")
    BriefingWaiver.objects.create(volunteer=person, site=calais, reason="Came last year", created_at=timezone.now())
    client.force_login(person)
    with query_budget() as queries:
        response = client.post(reverse("shifts:signup", args=[shift.pk]))
    assert response.status_code == 302
    # The test's own transaction turns each atomic block into a SAVEPOINT pair, which a request does not pay for
    # its outermost one: count the statements.
    statements = [
        q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    assert len(statements) <= 12, statements
    assert Signup.objects.get(volunteer=person, shift=shift).status == Signup.Status.CONFIRMED
