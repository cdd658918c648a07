"""/ (what needs people), /shifts/ (browse) and /shifts/<pk>/ (one shift)."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from shifts.models import Signup
from tests.factories import MissionFactory, ShiftFactory, SiteFactory, VolunteerFactory, local_dt, requiring
from tests.shifts.helpers import fill

pytestmark = pytest.mark.django_db


def soon(days=2, hour=10, tz="Europe/Paris"):
    return local_dt(timezone.localdate() + timedelta(days=days), time(hour), tz)


# / ----------------------------------------------------------------------------------------------


def test_home_shows_each_site_gaps_and_missing_seats(client, mission, chapelle):
    short = ShiftFactory(mission=mission, capacity=4, starts_at=soon(1))
    fill(short, confirmed=1)
    full = ShiftFactory(mission=MissionFactory(site=mission.site, name="Kitchen"), capacity=1, starts_at=soon(1))
    fill(full, confirmed=1)
    ShiftFactory(mission=MissionFactory(site=chapelle, name="Tea"), capacity=2, starts_at=soon(2, 9))
    ShiftFactory(mission=mission, capacity=5, starts_at=soon(9))  # beyond the next days

    response = client.get("/")

    assert response.status_code == 200
    needs = {need.site.slug: need for need in response.context["needs"]}
    assert needs["calais"].seats_missing == 3
    assert needs["calais"].shifts == [short]
    assert needs["porte-de-la-chapelle"].seats_missing == 2
    assert "3 people missing" in response.text
    assert f"/shifts/{short.pk}/" in response.text
    assert f"/shifts/{full.pk}/" not in response.text
    assert "/shifts/" in response.text  # the call to sign up
    assert "Warehouse sorting" in response.text  # the missions of each site


def test_home_query_count_is_flat(client, mission, chapelle, query_budget):
    for day in range(1, 3):
        fill(ShiftFactory(mission=mission, capacity=10, starts_at=soon(day)), confirmed=1)
    with query_budget() as small:
        assert client.get("/").status_code == 200
    for day in range(30):
        fill(ShiftFactory(mission=mission, capacity=10, starts_at=soon(1) + timedelta(minutes=day)), confirmed=8)
    with query_budget(len(small.captured_queries)):
        assert client.get("/").status_code == 200


# /shifts/ ---------------------------------------------------------------------------------------


def test_list_shows_local_time_of_the_site_mission_and_seats(client):
    tokyo = SiteFactory(slug="tokyo", name="Tokyo", timezone="Asia/Tokyo")
    shift = ShiftFactory(
        mission=MissionFactory(site=tokyo, name="Night tea"), capacity=4, starts_at=soon(2, 9, "Asia/Tokyo")
    )
    fill(shift, confirmed=3)

    response = client.get("/shifts/")

    assert response.status_code == 200
    assert "Night tea" in response.text and "Tokyo" in response.text
    assert "09:00–13:00" in response.text  # 01:00 in Paris: the page speaks the site's time
    assert "3 of 4 people booked" in response.text


def test_list_shows_my_own_status_and_waitlist_position(client, mission, volunteer):
    mine = ShiftFactory(mission=mission, capacity=2, starts_at=soon(2, 8))
    fill(mine, confirmed=1, people=[volunteer])
    waiting = ShiftFactory(mission=mission, capacity=1, starts_at=soon(3, 8))
    fill(waiting, confirmed=1, waitlisted=2)
    Signup.objects.create(shift=waiting, volunteer=volunteer, status=Signup.Status.WAITLISTED)
    client.force_login(volunteer)

    response = client.get("/shifts/")

    assert "You are booked" in row_of(response.text, mine.pk)
    assert "Waiting list: number 3" in row_of(response.text, waiting.pk)
    assert response.text.count("You are booked") == 1
    assert response.text.count("Waiting list: number") == 1
    # Someone else asking for the same list (served from the cache) sees none of it.
    client.logout()
    anonymous = client.get("/shifts/").text
    assert "You are booked" not in anonymous and "Waiting list: number" not in anonymous
    assert "Details and waiting list" in row_of(anonymous, waiting.pk)


def row_of(text: str, shift_pk: int) -> str:
    """The card of the list that links to `shift_pk`."""
    link = text.index(f'href="/shifts/{shift_pk}/"')
    return text[text.rindex('<li class="card">', 0, link) : text.index("</li>", link)]


def test_list_filters_by_site_mission_and_local_day(client, mission, chapelle):
    other_mission = MissionFactory(site=mission.site, name="Kitchen")
    paris = MissionFactory(site=chapelle, name="Tea")
    target = ShiftFactory(mission=mission, starts_at=soon(3, 0))  # 00:00 local is the day before in UTC
    ShiftFactory(mission=mission, starts_at=soon(4, 10))
    ShiftFactory(mission=other_mission, starts_at=soon(3, 10))
    ShiftFactory(mission=paris, starts_at=soon(3, 10))
    day = (timezone.localdate() + timedelta(days=3)).isoformat()

    response = client.get("/shifts/", {"site": "calais", "mission": mission.pk, "date": day})

    assert [s.pk for s in response.context["page"].object_list] == [target.pk]
    by_site = client.get("/shifts/", {"site": "porte-de-la-chapelle"})
    assert {s.mission for s in by_site.context["page"].object_list} == {paris}
    by_day = client.get("/shifts/", {"date": day})
    assert len(by_day.context["page"].object_list) == 3


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"site": "atlantis"}, "We do not know this site"),
        ({"mission": "banana"}, "We do not know this mission"),
        ({"mission": "999999"}, "We do not know this mission"),
        ({"date": "31/02/2027"}, "Enter a date"),
        ({"date": "2001-01-01"}, "Choose today or a later day"),
        ({"page": "zzz"}, None),
    ],
)
def test_bad_filters_give_a_clear_message_not_an_error(client, mission, params, message):
    ShiftFactory(mission=mission)
    response = client.get("/shifts/", params)
    assert response.status_code == 200
    if message:
        assert message in response.text
        assert 'aria-describedby="id_' in response.text
    assert len(response.context["page"].object_list) == 1


def test_mission_of_another_site_is_refused(client, mission, chapelle):
    response = client.get("/shifts/", {"site": "porte-de-la-chapelle", "mission": mission.pk})
    assert response.status_code == 200
    assert "is not a mission of Porte de la Chapelle" in response.text


def test_list_is_paginated_and_keeps_the_filters(client, mission):
    for minute in range(30):
        ShiftFactory(mission=mission, starts_at=soon(2) + timedelta(minutes=minute))
    first = client.get("/shifts/", {"site": "calais"})
    assert len(first.context["page"].object_list) == 25
    assert "site=calais&amp;page=2" in first.text
    second = client.get("/shifts/", {"site": "calais", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_list_leaves_out_past_started_and_cancelled_shifts(client, mission):
    now = timezone.now()
    ShiftFactory(mission=mission, starts_at=now - timedelta(hours=5), ends_at=now - timedelta(hours=1))
    ShiftFactory(mission=mission, is_cancelled=True)
    ShiftFactory(mission=mission, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2))  # started
    upcoming = ShiftFactory(mission=mission)
    response = client.get("/shifts/")
    assert [s.pk for s in response.context["page"].object_list] == [upcoming.pk]


def test_list_query_count_is_flat(client, mission, volunteer, query_budget):
    client.force_login(volunteer)
    for minute in range(3):
        fill(ShiftFactory(mission=mission, capacity=1, starts_at=soon(2) + timedelta(minutes=minute)), confirmed=1)
    Signup.objects.create(shift=mission.shifts.first(), volunteer=volunteer, status=Signup.Status.WAITLISTED)
    params = {"site": "calais", "mission": mission.pk}
    with query_budget() as small:
        assert client.get("/shifts/", params).status_code == 200
    for minute in range(30):
        shift = ShiftFactory(mission=mission, capacity=8, starts_at=soon(3) + timedelta(minutes=minute))
        fill(shift, confirmed=8, waitlisted=2)
        Signup.objects.create(shift=shift, volunteer=volunteer, status=Signup.Status.WAITLISTED)
    with query_budget(len(small.captured_queries)):
        response = client.get("/shifts/", params)
    assert response.text.count("Waiting list: number 3") == 22  # 25 on the page, 3 without me


# /shifts/<pk>/ ----------------------------------------------------------------------------------


def test_detail_shows_mission_requirements_notes_and_who_is_going(client, calais, volunteer):
    mission = MissionFactory(
        site=calais,
        name="Van driving",
        description="Drive the van between the warehouse and the camps.",
        what_to_bring="Warm boots",
        required_languages=["ar"],
    )
    requiring(mission, "driving-licence")
    shift = ShiftFactory(mission=mission, capacity=2, notes="Meet at the blue gate.")
    fill(shift, confirmed=1, people=[VolunteerFactory(first_name="Zebulon", last_name="Quackenbush")])
    client.force_login(volunteer)

    response = client.get(f"/shifts/{shift.pk}/")

    assert response.status_code == 200
    for text in ("Drive the van", "Warm boots", "Driving licence", "Arabic", "Meet at the blue gate.", "Zebulon Q."):
        assert text in response.text
    assert "Quackenbush" not in response.text
    # The rule list's pre-check: said before the button, which a tap could only get refused.
    assert "This mission needs Driving licence" in response.text
    assert "Sign up for this shift" not in response.text


def test_detail_shows_anonymous_visitors_a_count_and_a_login_link(client, mission):
    shift = ShiftFactory(mission=mission, capacity=3)
    fill(shift, confirmed=2, people=[VolunteerFactory(first_name="Zebulon")])
    response = client.get(f"/shifts/{shift.pk}/")
    assert response.status_code == 200
    assert "2 volunteers are going" in response.text
    assert "Zebulon" not in response.text
    assert f"/accounts/login/?next=/shifts/{shift.pk}/" in response.text


def test_detail_shows_my_waitlist_position_and_leave_button(client, mission, volunteer):
    shift = ShiftFactory(mission=mission, capacity=1)
    fill(shift, confirmed=1, waitlisted=1)
    Signup.objects.create(shift=shift, volunteer=volunteer, status=Signup.Status.WAITLISTED)
    client.force_login(volunteer)
    response = client.get(f"/shifts/{shift.pk}/")
    assert "Waiting list: number 2" in response.text
    assert "Leave the waiting list" in response.text
    assert f'href="/shifts/{shift.pk}/cancel/?next=' in response.text


def test_detail_of_a_full_shift_offers_the_waiting_list(client, mission, volunteer):
    shift = ShiftFactory(mission=mission, capacity=1)
    fill(shift, confirmed=1)
    client.force_login(volunteer)
    assert "Join the waiting list" in client.get(f"/shifts/{shift.pk}/").text


def test_detail_of_unknown_shift_is_404(client, db):
    assert client.get("/shifts/999999/").status_code == 404


def test_detail_query_count_is_flat(client, mission, volunteer, query_budget):
    client.force_login(volunteer)
    small_shift = ShiftFactory(mission=mission, capacity=2)
    fill(small_shift, confirmed=1)
    with query_budget() as small:
        assert client.get(f"/shifts/{small_shift.pk}/").status_code == 200
    big = ShiftFactory(mission=mission, capacity=30)
    fill(big, confirmed=30)
    Signup.objects.create(shift=big, volunteer=volunteer, status=Signup.Status.WAITLISTED)
    with query_budget(len(small.captured_queries) + 1):  # + my waitlist position
        response = client.get(f"/shifts/{big.pk}/")
    assert response.text.count("<li>First") == 30


@pytest.mark.parametrize("day", ["9999-12-31", "2100-01-01", "0001-01-01"])
def test_a_day_far_away_is_a_form_error_not_a_500(client, day):
    response = client.get("/shifts/", {"date": day})
    assert response.status_code == 200
    assert "Some filters could not be used" in response.text


def test_the_mission_filter_groups_missions_under_their_site(client, mission, chapelle):
    MissionFactory(site=chapelle, name="Queue management")
    html = client.get("/shifts/").text
    assert '<optgroup label="Porte de la Chapelle (Paris)"><option value=' in html
    assert f'<optgroup label="{mission.site.name}"><option value="{mission.pk}">{mission.display_name}</option>' in html
