"""The roster on a phone: after an action the coordinator lands back on the card they acted on; a call for
help asks first and the card then says who was asked, when and by whom; coordinators land on today's roster
after logging in; an erased volunteer reads as "Former volunteer"."""

from datetime import timedelta

import pytest
from django.urls import reverse

from shifts import services
from shifts.models import Notification, Signup
from tests.factories import SignupFactory, VolunteerFactory
from volunteers.services import erase_account

from .conftest import confirmed, day_url, make_shift, messages_of, started_shift

pytestmark = pytest.mark.django_db


def _helper(**kw):
    return VolunteerFactory(urgent_calls=True, **kw)


@pytest.mark.parametrize(
    "action, data, anchor",
    [
        ("attendance", {"attendance": "no_show"}, "signup"),
        ("note", {"note": "Van"}, "signup"),
        ("cancel_signup", {}, "shift"),
    ],
)
def test_an_action_on_a_person_comes_back_to_their_card(coordinator_client, mission, action, data, anchor):
    shift = started_shift(mission)
    signup = confirmed(shift)
    response = coordinator_client.post(reverse(f"roster:{action}", args=["calais", signup.pk]), data)
    expected = f"#signup-{signup.pk}" if anchor == "signup" else f"#shift-{shift.pk}"
    assert response.status_code == 302
    assert response["Location"] == day_url(shift) + expected


def test_giving_a_seat_and_moving_come_back_to_the_person(coordinator_client, mission):
    shift = make_shift(mission, capacity=2)
    waiting = SignupFactory(shift=shift, status=Signup.Status.WAITLISTED)
    response = coordinator_client.post(reverse("roster:confirm_signup", args=["calais", waiting.pk]))
    assert response["Location"] == day_url(shift) + f"#signup-{waiting.pk}"
    later = make_shift(mission, day=shift.local_starts_at.date() + timedelta(days=1))
    response = coordinator_client.post(reverse("roster:move", args=["calais", waiting.pk]), {"to_shift": later.pk})
    moved = Signup.objects.get(shift=later)
    assert response["Location"] == day_url(later) + f"#signup-{moved.pk}"


def test_shift_actions_come_back_to_the_shift(coordinator_client, mission):
    shift = make_shift(mission, capacity=2)
    _helper()
    response = coordinator_client.post(reverse("roster:ask_for_help", args=["calais", shift.pk]))
    assert response["Location"] == day_url(shift) + f"#shift-{shift.pk}"
    response = coordinator_client.post(reverse("roster:cancel_shift", args=["calais", shift.pk]))
    assert response["Location"] == day_url(shift) + f"#shift-{shift.pk}"


def test_ask_for_help_asks_first_and_sends_nothing_on_the_way(coordinator_client, mission):
    shift = make_shift(mission, capacity=2)
    for _ in range(3):
        _helper()
    url = reverse("roster:ask_for_help", args=["calais", shift.pk])
    day = coordinator_client.get(day_url(shift)).text
    assert f'href="{url}"' in day  # a link to the question, not a form that sends
    page = coordinator_client.get(url)
    assert "Send a call for help to 3 eligible volunteers who are free then?" in page.text
    assert '<form method="post"' in page.text
    assert not Notification.objects.exists()


def test_after_a_call_the_card_says_who_was_asked_when_and_by_whom(coordinator_client, coordinator, mission):
    shift = make_shift(mission, capacity=2)
    _helper()
    _helper()
    coordinator_client.post(reverse("roster:ask_for_help", args=["calais", shift.pk]))
    call = Notification.objects.filter(kind="urgent_call").latest("created_at")
    assert call.context == {"by": coordinator.pk}
    html = coordinator_client.get(day_url(shift)).text
    card = html[html.index(f'id="shift-{shift.pk}"') :]
    assert "Asked for help: 2 volunteers, last call" in card and "by Colette C." in card
    again = coordinator_client.get(reverse("roster:ask_for_help", args=["calais", shift.pk])).text
    assert "Nobody else can be asked" in again and "Asked for help: 2 volunteers" in again


def test_the_card_of_a_call_sent_without_a_sender_still_says_when(coordinator_client, mission):
    shift = make_shift(mission, capacity=2)
    _helper()
    services.ask_for_help(shift=shift, by=None)
    assert "Asked for help: 1 volunteer, last call" in coordinator_client.get(day_url(shift)).text


def test_an_erased_volunteer_reads_as_former_volunteer(coordinator_client, mission):
    shift = started_shift(mission)
    signup = confirmed(shift, VolunteerFactory(first_name="Erin", last_name="Erased"))
    shift.starts_at -= timedelta(days=2)
    shift.ends_at -= timedelta(days=2)
    shift.save()
    erase_account(volunteer=signup.volunteer)
    html = coordinator_client.get(day_url(shift)).text
    row = html[html.index(f'id="signup-{signup.pk}"') :][:300]
    assert "Former volunteer" in row and "None" not in row
    for url in [day_url(shift) + "?print=1", reverse("roster:day_csv", args=["calais", shift.local_starts_at.date()])]:
        text = coordinator_client.get(url).content.decode("utf-8-sig")
        assert "Former volunteer" in text and "None" not in text, url


def test_a_coordinator_lands_on_today_s_roster_after_login(client, coordinator):
    from django.utils import timezone

    coordinator.set_password("a long enough password")
    coordinator.save()
    response = client.post("/accounts/login/", {"login": coordinator.email, "password": "a long enough password"})
    assert response.status_code == 302
    assert response["Location"] == reverse("roster:day", args=["calais", timezone.localdate().isoformat()])


def test_a_volunteer_still_lands_on_the_home_page(client, volunteer):
    volunteer.set_password("a long enough password")
    volunteer.save()
    response = client.post("/accounts/login/", {"login": volunteer.email, "password": "a long enough password"})
    assert response["Location"] == "/"


def test_messages_still_name_the_person(coordinator_client, mission):
    shift = make_shift(mission)
    person = VolunteerFactory(first_name="Amira", last_name="Haddad")
    response = coordinator_client.post(
        reverse("roster:assign", args=["calais", shift.pk]), {"volunteer": person.pk}, follow=True
    )
    assert "Amira H. is booked on this shift." in messages_of(response)[0]
