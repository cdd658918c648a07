"""The shift page reads the shift once (with its mission's required qualifications), the visitor's own sign-up
with who is going, and asks the rule list with one read of the person, whatever rules the site turns on."""

from datetime import date, time

from django.urls import reverse
from django.utils import timezone

from shifts.models import BriefingWaiver, Signup
from tests.factories import VolunteerFactory, grant, requiring

from .conftest import booked, shift_at


def every_rule_on(calais, mission):
    calais.max_hours_per_day, calais.rest_after_night_hours, calais.requires_briefing = 10, 9, True
    calais.save()
    requiring(mission, "driving-licence")
    mission.required_languages = ["fr"]
    mission.save()


def test_a_visitor_not_on_the_shift_costs_four_queries_with_every_rule_on(client, calais, mission, query_budget):
    every_rule_on(calais, mission)
    shift = shift_at(mission, time(10), 4)
    person = VolunteerFactory(birth_date=date(1990, 1, 1))
    grant(person, "driving-licence")
    BriefingWaiver.objects.create(volunteer=person, site=calais, reason="Came last year", created_at=timezone.now())
    for _ in range(3):
        booked(VolunteerFactory(), shift)
    client.force_login(person)
    # The visitor, the shift with its qualifications, who is going, the rules' one read of the person.
    with query_budget(exactly=4):
        response = client.get(reverse("shifts:detail", args=[shift.pk]))
    page = response.content.decode()
    assert "<li>Driving licence</li>" in page
    assert page.count("<li>") >= 3  # the three going, named
    assert 'action="{}"'.format(reverse("shifts:signup", args=[shift.pk])) in page


def test_a_visitor_on_the_shift_costs_three_queries_and_sees_whom_they_look_after(
    client, calais, mission, query_budget
):
    every_rule_on(calais, mission)
    shift = shift_at(mission, time(10), 4)
    person = VolunteerFactory(birth_date=date(1990, 1, 1))
    booked(person, shift)
    client.force_login(person)
    with query_budget(exactly=3):
        client.get(reverse("shifts:detail", args=[shift.pk]))
    newcomer = VolunteerFactory(first_name="Noor")
    booked(newcomer, shift, buddy=person)
    response = client.get(reverse("shifts:detail", args=[shift.pk]))
    assert "You are the buddy of:" in response.content.decode()
    assert "<strong>Noor</strong>" in response.content.decode()
    assert Signup.objects.get(volunteer=newcomer).buddy_id == person.pk
