"""The day roster renders afresh for each coordinator with their own CSRF field, and any change made through the
application shows on the next request."""

import re
from datetime import date

import pytest
from django.test import Client

from shifts import services
from tests.factories import VolunteerFactory

from .conftest import confirmed, day_url, make_shift

pytestmark = pytest.mark.django_db


def _tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def test_two_coordinators_each_get_their_own_working_csrf_field(coordinator, mission, query_budget):
    shift = make_shift(mission)
    signup = confirmed(shift, VolunteerFactory(first_name="Amira"))
    other = VolunteerFactory(first_name="Odile")
    mission.site.coordinators.add(other)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(coordinator)
    second.force_login(other)

    one = first.get(day_url(shift)).text
    with query_budget(8):  # rendered afresh for each coordinator
        two = second.get(day_url(shift)).text

    assert "<!--csrf-->" not in one + two
    assert _tokens(one) and _tokens(two)
    assert _tokens(one).isdisjoint(_tokens(two))
    url = f"/roster/calais/signup/{signup.pk}/note/"
    assert second.post(url, {"note": "Van", "csrfmiddlewaretoken": _tokens(two).pop()}).status_code == 302
    assert "Van" in first.get(day_url(shift)).text  # and the note shows at once


def test_a_sign_up_a_walk_in_and_a_renamed_person_show_on_the_next_request(coordinator_client, coordinator, mission):
    shift = make_shift(mission, capacity=5)
    person = VolunteerFactory(first_name="Amira", last_name="Haddad")
    assert "Amira" not in coordinator_client.get(day_url(shift)).text

    services.sign_up(volunteer=person, shift=shift)
    assert "Amira Haddad" in coordinator_client.get(day_url(shift)).text

    person.first_name = "Amina"
    person.save()
    assert "Amina Haddad" in coordinator_client.get(day_url(shift)).text

    walk_in = services.add_walk_in(
        by=coordinator, first_name="Walter", last_name="Inn", phone="", birth_date=date(1990, 1, 1)
    )
    services.sign_up(volunteer=walk_in, shift=shift, by=coordinator)
    assert "Walter Inn" in coordinator_client.get(day_url(shift)).text
