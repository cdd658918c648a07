"""The people rows of the day roster, written by the view rather than the template: what each row shows
and offers, escaped, translated, with a CSRF field that works."""

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


def test_a_confirmed_row_shows_the_person_and_offers_every_action(coordinator_client, mission):
    shift = make_shift(mission, start=time(9))
    amira = VolunteerFactory(first_name="Amira", last_name="Haddad", phone="+33611223344", languages=["ar", "fr"])
    signup = confirmed(shift, amira, note="Brings the van")
    row = _row(coordinator_client.get(day_url(shift)).text, signup)
    assert "<strong>Amira Haddad</strong>" in row
    assert '<span class="badge badge-warn">first time here</span>' in row
    assert '<a class="tel" href="tel:+33611223344">+33 6 11 22 33 44</a>' in row
    assert '<p class="muted">Arabic, French</p>' in row
    assert '<p class="roster-note">Note: Brings the van</p>' in row
    assert f'href="{_path("move", signup)}"' in row
    assert f'action="{_path("cancel_signup", signup)}"' in row
    assert 'data-confirm="Take Amira Haddad off this shift?"' in row
    assert f'action="{_path("note", signup)}"' in row
    assert "<summary>Change the note</summary>" in row
    assert f'<textarea id="note-{signup.pk}" name="note" rows="2" maxlength="1000">Brings the van</textarea>' in row
    assert "Give a seat" not in row and 'value="present"' not in row


def test_attendance_and_its_badges_once_the_shift_has_started(coordinator_client, mission):
    shift = started_shift(mission)
    came = confirmed(shift, VolunteerFactory(first_name="Came"), attendance=Signup.Attendance.PRESENT)
    missed = confirmed(shift, VolunteerFactory(first_name="Missed"), attendance=Signup.Attendance.NO_SHOW)
    html = coordinator_client.get(day_url(shift)).text
    for signup, badge in [(came, 'badge-ok">present'), (missed, 'badge-bad">no-show')]:
        row = _row(html, signup)
        assert badge in row
        assert f'action="{_path("attendance", signup)}"' in row
        assert 'value="present"' in row and 'value="no_show"' in row


def test_a_waiting_row_offers_a_seat_not_a_move(coordinator_client, mission):
    shift = make_shift(mission, capacity=1)
    confirmed(shift)
    waiting = SignupFactory(
        shift=shift, volunteer=VolunteerFactory(first_name="", last_name="", email="w@example.org", is_walk_in=True)
    )
    row = _row(coordinator_client.get(day_url(shift)).text, waiting)
    assert "<strong>w@example.org</strong>" in row
    assert '<span class="badge">walk-in</span>' in row
    assert f'action="{_path("confirm_signup", waiting)}"' in row and "Give a seat" in row
    assert "/move/" not in row and "<summary>Add a note</summary>" in row


def test_what_people_typed_is_escaped(coordinator_client, mission):
    shift = make_shift(mission)
    signup = confirmed(
        shift, VolunteerFactory(first_name="<b>Bob</b>", last_name="O'Hara"), note='<script>alert("x")</script> & co'
    )
    row = _row(coordinator_client.get(day_url(shift)).text, signup)
    assert "<b>Bob" not in row and "<script>" not in row
    assert "<strong>&lt;b&gt;Bob&lt;/b&gt; O&#x27;Hara</strong>" in row
    assert 'data-confirm="Take &lt;b&gt;Bob&lt;/b&gt; O&#x27;Hara off this shift?"' in row
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</textarea>" in row


def test_rows_are_in_french_for_a_french_coordinator(coordinator_client, mission):
    shift = started_shift(mission)
    signup = confirmed(shift, VolunteerFactory(first_name="Amira", last_name="Haddad", languages=["ar"]))
    coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    row = _row(coordinator_client.get(day_url(shift)).text, signup)
    assert "Arabe" in row and "Arabic" not in row
    for english in ["Present", "No-show", "Move", "Cancel for them", "Add a note", "Save the note", "first time here"]:
        assert f">{english}<" not in row


def test_each_row_form_carries_this_session_s_csrf_token(coordinator, mission):
    shift = make_shift(mission)
    signup = confirmed(shift)
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    row = _row(client.get(day_url(shift)).text, signup)
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', row)
    assert len(tokens) == 2  # cancel, note
    response = client.post(_path("note", signup), {"note": "Saved", "csrfmiddlewaretoken": tokens[-1]})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.note == "Saved"


def test_every_form_on_the_page_carries_the_token(coordinator_client, mission):
    short = make_shift(mission, capacity=3)
    confirmed(short)
    full = make_shift(mission, start=time(15), capacity=1)
    confirmed(full)
    SignupFactory(shift=full)
    page = coordinator_client.get(day_url(short)).text
    html = page[page.index('<ul class="roster-shifts">') :]
    assert "Ask for help" in html and "Give a seat" in html
    assert html.count('<form method="post"') == html.count('name="csrfmiddlewaretoken"') > 3


def test_the_print_view_reads_no_more_for_more_people(client, coordinator, mission):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    shift = make_shift(mission, capacity=20)
    confirmed(shift, VolunteerFactory(phone="+33611223344"))
    url = day_url(shift) + "?print=1"
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(10):
        confirmed(shift, VolunteerFactory(phone="+33611223355"))
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(large) == len(small)
    assert response.text.count("+33 6 11 22 33 55") == 10
