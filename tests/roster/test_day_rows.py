"""The people rows of the day roster and each person's actions page: what a row shows, the one link it
carries, what the actions page offers, escaped, translated, with CSRF fields that work."""

import re
from datetime import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from shifts.models import Signup
from tests.factories import SignupFactory, VolunteerFactory

from .conftest import confirmed, day_url, make_shift, started_shift

pytestmark = pytest.mark.django_db


def _path(action: str, signup) -> str:
    return reverse(f"roster:{action}", args=["calais", signup.pk])


def _row(html: str, signup) -> str:
    start = html.index(f'id="signup-{signup.pk}"')
    return html[start : html.index("</li>", start)]


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_a_confirmed_row_shows_the_person_and_one_link_to_their_actions(coordinator_client, mission):
    shift = make_shift(mission, start=time(9))
    amira = VolunteerFactory(first_name="Amira", last_name="Haddad", phone="+33611223344", languages=["ar", "fr"])
    signup = confirmed(shift, amira, note="Brings the van")
    row = _row(coordinator_client.get(day_url(shift)).text, signup)
    assert f'<strong id="n{signup.pk}">Amira Haddad</strong>' in row
    # Alone on the shift with nobody experienced: the stronger badge (shifts.onboarding.selectors.BuddyBoard).
    assert '<span class="badge badge-bad">first time here, alone</span>' in row
    assert '<a href="tel:+33611223344">+33 6 11 22 33 44</a>' in row
    assert "<small>Arabic, French</small>" in row
    assert '<p class="roster-note">Note: Brings the van</p>' in row
    assert f'href="{_path("signup", signup)}"' in row and ">Actions</a>" in row
    assert "<form" not in row  # the forms are on the person's page, not repeated ~130 times


def test_the_actions_page_of_a_confirmed_person_before_the_start(coordinator_client, mission):
    signup = confirmed(make_shift(mission), VolunteerFactory(first_name="Amira", last_name="Haddad"), note="Van")
    html = _main(coordinator_client.get(_path("signup", signup)).text)
    assert f'href="{_path("move", signup)}"' in html
    assert f'action="{_path("cancel_signup", signup)}"' in html
    assert 'data-confirm="Take Amira Haddad off this shift?"' in html
    assert f'action="{_path("note", signup)}"' in html and ">Van</textarea>" in html
    assert "Give a seat" not in html and 'value="present"' not in html
    assert "once the shift has started" in html


def test_attendance_reads_as_chosen_by_more_than_colour(coordinator_client, mission):
    shift = started_shift(mission)
    came = confirmed(shift, VolunteerFactory(first_name="Came"), attendance=Signup.Attendance.PRESENT)
    missed = confirmed(shift, VolunteerFactory(first_name="Missed"), attendance=Signup.Attendance.NO_SHOW)
    day = coordinator_client.get(day_url(shift)).text
    assert '<span class="badge badge-ok">✓ present</span>' in _row(day, came)
    assert '<span class="badge badge-bad">✗ no-show</span>' in _row(day, missed)

    html = _main(coordinator_client.get(_path("signup", missed)).text)
    present = re.search(r'<button[^>]*value="present"[^>]*>([^<]*)</button>', html)
    no_show = re.search(r'<button[^>]*value="no_show"[^>]*>([^<]*)</button>', html)
    # On a no-show, "Present" is not pressed and does not look chosen; "No-show" is, and says so in text.
    assert 'aria-pressed="false"' in present.group(0) and "button-secondary" in present.group(0)
    assert present.group(1) == "Present"
    assert 'aria-pressed="true"' in no_show.group(0) and "button-secondary" not in no_show.group(0)
    assert no_show.group(1) == "✗ No-show"
    assert "Recorded: no-show." in html


def test_a_waiting_person_is_offered_a_seat_not_a_move(coordinator_client, mission):
    shift = make_shift(mission, capacity=1)
    confirmed(shift)
    waiting = SignupFactory(
        shift=shift, volunteer=VolunteerFactory(first_name="", last_name="", email="w@example.org", is_walk_in=True)
    )
    row = _row(coordinator_client.get(day_url(shift)).text, waiting)
    assert ">w@example.org</strong>" in row
    assert '<span class="badge">walk-in</span>' in row
    html = _main(coordinator_client.get(_path("signup", waiting)).text)
    assert f'action="{_path("confirm_signup", waiting)}"' in html and "Give a seat" in html
    assert "/move/" not in html


def test_what_people_typed_is_escaped(coordinator_client, mission):
    shift = make_shift(mission)
    signup = confirmed(
        shift, VolunteerFactory(first_name="<b>Bob</b>", last_name="O'Hara"), note='<script>alert("x")</script> & co'
    )
    row = _row(coordinator_client.get(day_url(shift)).text, signup)
    assert "<b>Bob" not in row and "<script>" not in row
    assert ">&lt;b&gt;Bob&lt;/b&gt; O&#x27;Hara</strong>" in row
    html = _main(coordinator_client.get(_path("signup", signup)).text)
    assert "<b>Bob" not in html and "<script>" not in html
    assert 'data-confirm="Take &lt;b&gt;Bob&lt;/b&gt; O&#x27;Hara off this shift?"' in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</textarea>" in html


def test_rows_and_actions_are_in_french_for_a_french_coordinator(coordinator_client, mission):
    shift = started_shift(mission)
    signup = confirmed(shift, VolunteerFactory(first_name="Amira", last_name="Haddad", languages=["ar"]))
    coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    row = _row(coordinator_client.get(day_url(shift)).text, signup)
    assert "Arabe" in row and "Arabic" not in row
    html = _main(coordinator_client.get(_path("signup", signup)).text)
    for english in ["first time here", "Present", "No-show", "Cancel for them", "Save the note"]:
        assert f">{english}<" not in row + html, english


def test_each_form_of_the_actions_page_carries_this_session_s_csrf_token(coordinator, mission):
    signup = confirmed(started_shift(mission))
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    html = _main(client.get(_path("signup", signup)).text)
    assert (
        html.count('<form method="post"') == html.count('name="csrfmiddlewaretoken"') == 3
    )  # attendance, cancel, note
    token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[-1]
    response = client.post(_path("note", signup), {"note": "Saved", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == day_url(signup.shift) + f"#signup-{signup.pk}"
    signup.refresh_from_db()
    assert signup.note == "Saved"


def test_every_form_on_the_day_page_carries_the_token(coordinator_client, mission):
    short = make_shift(mission, capacity=3)
    confirmed(short)
    page = coordinator_client.get(day_url(short)).text
    assert "Ask for help" in page
    assert page.count("<form") == page.count('name="csrfmiddlewaretoken"') >= 1


def test_the_print_view_reads_no_more_for_more_people(query_budget, client, coordinator, mission):
    client.force_login(coordinator)
    shift = make_shift(mission, capacity=20)
    confirmed(shift, VolunteerFactory(phone="+33611223344"))
    url = day_url(shift) + "?print=1"
    with query_budget() as small:
        assert client.get(url).status_code == 200
    for _ in range(10):
        confirmed(shift, VolunteerFactory(phone="+33611223355"))
    with query_budget() as large:
        response = client.get(url)
    assert len(large) == len(small)
    assert response.text.count("+33 6 11 22 33 55") == 10
