"""/roster/<site>/shift/<pk>/assign/ before anything is typed: people free then, let on by the rule list, who came
to this site before, first name and initial, one tap to book; the message shows in the shift's card."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shifts.models import Signup
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, VolunteerFactory, requiring

from .conftest import day_url, make_shift

pytestmark = pytest.mark.django_db


def came_before(mission, person, times=1, **fields):
    for n in range(times):
        start = timezone.now() - timedelta(days=10 + n)
        past = ShiftFactory(mission=mission, starts_at=start, ends_at=start + timedelta(hours=3))
        SignupFactory(shift=past, volunteer=person, status=Signup.Status.CONFIRMED, **fields)
    return person


def assign_page(client, shift, **params):
    return client.get(reverse("roster:assign", args=[shift.mission.site.slug, shift.pk]), params)


def test_regulars_who_are_free_are_suggested_first_name_and_initial(coordinator_client, mission):
    shift = make_shift(mission)
    often = came_before(mission, VolunteerFactory(first_name="Odile", last_name="Often"), times=3)
    came_before(mission, VolunteerFactory(first_name="Once", last_name="Onlyonce"))
    page = assign_page(coordinator_client, shift)
    assert [person.pk for person in page.context["suggestions"]][:1] == [often.pk]
    assert "Odile O." in page.text and "Often" not in page.text
    assert "3 shifts here" in page.text and "Book Odile O." in page.text
    assert often.email not in page.text and str(often.phone) not in page.text


def test_nobody_busy_then_new_here_missed_or_already_on_it(coordinator_client, mission, chapelle):
    shift = make_shift(mission)
    busy = came_before(mission, VolunteerFactory(first_name="Busy"))
    other = ShiftFactory(mission=MissionFactory(site=chapelle), starts_at=shift.starts_at, ends_at=shift.ends_at)
    SignupFactory(shift=other, volunteer=busy, status=Signup.Status.CONFIRMED)
    on_it = came_before(mission, VolunteerFactory(first_name="Onit"))
    SignupFactory(shift=shift, volunteer=on_it, status=Signup.Status.CONFIRMED)
    came_before(MissionFactory(site=chapelle), VolunteerFactory(first_name="Elsewhere"))
    came_before(mission, VolunteerFactory(first_name="Noshow"), attendance=Signup.Attendance.NO_SHOW)
    VolunteerFactory(first_name="Newbie")
    assert assign_page(coordinator_client, shift).context["suggestions"] == []


def test_the_rule_list_leaves_out_whom_it_refuses(coordinator_client, mission):
    requiring(mission, "driving-licence")
    shift = make_shift(mission)
    came_before(mission, VolunteerFactory(first_name="Nolicence"))
    minor_day = shift.local_starts_at.date()
    came_before(mission, VolunteerFactory(first_name="Young", birth_date=minor_day.replace(year=minor_day.year - 17)))
    assert assign_page(coordinator_client, shift).context["suggestions"] == []


def test_one_tap_books_and_the_message_is_in_the_shifts_card(coordinator_client, mission):
    shift = make_shift(mission, start=time(18))
    person = came_before(mission, VolunteerFactory(first_name="Tapa", last_name="Tap"))
    response = coordinator_client.post(
        reverse("roster:assign", args=["calais", shift.pk]), {"volunteer": person.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == day_url(shift) + f"?at={shift.pk}#shift-{shift.pk}"
    card = response.text.split(f'id="shift-{shift.pk}"', 1)[1]
    assert card.index("is booked on this shift") < card.index("</li>")
    assert response.text.count('id="messages"') == 1
    assert Signup.objects.get(shift=shift, volunteer=person).booked_by_id is not None


def test_an_unknown_at_keeps_the_messages_at_the_top(coordinator_client, mission):
    shift = make_shift(mission)
    page = coordinator_client.get(day_url(shift), {"at": "99999"})
    assert page.text.count('id="messages"') == 1 and page.status_code == 200
    assert coordinator_client.get(day_url(shift), {"at": "x" * 40}).status_code == 200


def test_suggestions_are_flat_in_the_number_of_people(coordinator_client, mission, query_budget):
    requiring(mission, "driving-licence")  # some refused by a rule, some not
    shift = make_shift(mission)
    from tests.factories import grant

    def regulars(n):
        for index in range(n):
            person = came_before(mission, VolunteerFactory())
            if index % 2:
                grant(person, "driving-licence")

    regulars(2)
    with query_budget() as few:
        assert len(assign_page(coordinator_client, shift).context["suggestions"]) == 1
    regulars(20)
    with query_budget(len(few.captured_queries)):
        assert len(assign_page(coordinator_client, shift).context["suggestions"]) == 6
