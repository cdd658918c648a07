"""POST /shifts/<pk>/signup/ and /shifts/<pk>/cancel/: login, CSRF, POST only, messages, htmx."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from shifts.models import Notification, Signup
from tests.factories import MissionFactory, ShiftFactory, VolunteerFactory, requiring
from tests.shifts.helpers import fill

pytestmark = pytest.mark.django_db


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_sign_up_books_and_says_so(client, mission, volunteer):
    shift = ShiftFactory(mission=mission, capacity=2)
    client.force_login(volunteer)
    response = client.post(f"/shifts/{shift.pk}/signup/")
    assert response.status_code == 302
    assert response["Location"] == f"/shifts/{shift.pk}/"
    assert Signup.objects.get(shift=shift, volunteer=volunteer).status == "confirmed"
    assert flashed(response)[0].startswith("You are booked")
    page = client.get(response["Location"])
    assert "You are booked" in page.text and "Cancel my sign-up" in page.text


def test_full_shift_puts_me_on_the_waiting_list_with_my_number(client, mission, volunteer):
    shift = ShiftFactory(mission=mission, capacity=1)
    fill(shift, confirmed=1, waitlisted=1)
    client.force_login(volunteer)
    response = client.post(f"/shifts/{shift.pk}/signup/", follow=True)
    assert "The shift is full: you are number 2 on the waiting list" in response.text
    assert Signup.objects.get(shift=shift, volunteer=volunteer).status == "waitlisted"


def test_refusal_shows_the_rule_message(client, calais, volunteer):
    shift = ShiftFactory(mission=requiring(MissionFactory(site=calais), "driving-licence"))
    client.force_login(volunteer)
    response = client.post(f"/shifts/{shift.pk}/signup/", follow=True)
    assert "This mission needs Driving licence, valid on the day of the shift" in response.text
    assert not Signup.objects.filter(shift=shift).exists()


def test_safe_next_is_followed_and_foreign_next_ignored(client, mission, volunteer):
    client.force_login(volunteer)
    first, second = (
        ShiftFactory(mission=mission),
        ShiftFactory(mission=mission, starts_at=timezone.now() + timedelta(days=5)),
    )
    back = client.post(f"/shifts/{first.pk}/signup/", {"next": "/shifts/?site=calais"})
    assert back["Location"] == "/shifts/?site=calais"
    evil = client.post(f"/shifts/{second.pk}/signup/", {"next": "https://evil.example/phish"})
    assert evil["Location"] == f"/shifts/{second.pk}/"


@pytest.mark.parametrize("action", ["signup", "cancel"])
def test_anonymous_post_goes_to_login_and_comes_back_to_the_shift(client, mission, action):
    shift = ShiftFactory(mission=mission)
    response = client.post(f"/shifts/{shift.pk}/{action}/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/shifts/{shift.pk}/"
    assert not Signup.objects.exists()


def test_anonymous_htmx_post_is_told_to_redirect(client, mission):
    shift = ShiftFactory(mission=mission)
    response = client.post(f"/shifts/{shift.pk}/signup/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == f"/accounts/login/?next=/shifts/{shift.pk}/"


def test_get_on_the_sign_up_url_is_405(client, mission, volunteer):
    shift = ShiftFactory(mission=mission)
    client.force_login(volunteer)
    assert client.get(f"/shifts/{shift.pk}/signup/").status_code == 405
    assert not Signup.objects.exists()


def test_cancel_asks_first_and_get_changes_nothing(client, mission, volunteer):
    shift = ShiftFactory(mission=mission, starts_at=timezone.now() + timedelta(days=5))
    mine = fill(shift, confirmed=1, people=[volunteer])[0]
    client.force_login(volunteer)
    page = client.get(f"/shifts/{shift.pk}/cancel/?next=/me/shifts/")
    assert page.status_code == 200
    assert "Yes, cancel my sign-up" in page.text and 'href="/me/shifts/"' in page.text
    assert 'name="message"' not in page.text  # days ahead: nothing to tell the coordinators at once
    mine.refresh_from_db()
    assert mine.status == "confirmed"


def test_a_late_cancellation_carries_a_line_to_the_coordinators(
    client, mission, volunteer, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(mission=mission, starts_at=timezone.now() + timedelta(hours=3))
    fill(shift, confirmed=1, people=[volunteer])
    client.force_login(volunteer)
    assert 'name="message"' in client.get(f"/shifts/{shift.pk}/cancel/").text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/shifts/{shift.pk}/cancel/", {"message": "Train cancelled, sorry. Lea can come instead."})
    note = Notification.objects.get(kind="late_cancellation", recipient=coordinator)
    assert note.context == {"message": "Train cancelled, sorry. Lea can come instead."}
    assert any("Lea can come instead" in message.body for message in mailoutbox)


@pytest.mark.parametrize("action", ["signup", "cancel"])
def test_post_without_csrf_token_is_403(mission, volunteer, action):
    shift = ShiftFactory(mission=mission)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)
    assert browser.post(f"/shifts/{shift.pk}/{action}/").status_code == 403
    assert not Signup.objects.exists()


def test_post_with_the_page_csrf_token_works(mission, volunteer):
    shift = ShiftFactory(mission=mission)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)
    page = browser.get(f"/shifts/{shift.pk}/")
    token = page.context["csrf_token"]
    response = browser.post(f"/shifts/{shift.pk}/signup/", {"csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert Signup.objects.get(shift=shift).volunteer == volunteer


def test_unknown_shift_is_404(client, volunteer):
    client.force_login(volunteer)
    assert client.post("/shifts/999999/signup/").status_code == 404


def test_htmx_sign_up_swaps_the_shift_so_seats_and_names_agree(client, mission, volunteer):
    shift = ShiftFactory(mission=mission, capacity=3)
    fill(shift, confirmed=2, people=[VolunteerFactory(first_name="Amira"), VolunteerFactory(first_name="Odile")])
    client.force_login(volunteer)
    response = client.post(f"/shifts/{shift.pk}/signup/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<article id="shift-main">')
    assert f'id="signup-box-{shift.pk}"' in response.text
    assert "You are booked" in response.text
    assert "3 of 3 people booked" in response.text
    going = response.text.split("Who is going", 1)[1]
    assert going.count("<li>") == 3 and "Vera V." in going
    assert "Cancel my sign-up" in response.text
    assert "<html" not in response.text
    assert flashed(response) == []  # said in place, not again on the next page


def test_cancel_frees_my_seat_and_promotes_the_next(client, mission, volunteer):
    shift = ShiftFactory(mission=mission, capacity=1)
    mine = fill(shift, confirmed=1, people=[volunteer])[0]
    waiting = fill(shift, waitlisted=1)[0]
    client.force_login(volunteer)
    response = client.post(f"/shifts/{shift.pk}/cancel/", follow=True)
    assert "Your sign-up is cancelled" in response.text
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == ("cancelled", "confirmed")


def test_late_cancel_tells_the_coordinators(client, mission, volunteer, coordinator):
    shift = ShiftFactory(mission=mission, starts_at=timezone.now() + timedelta(hours=5))
    fill(shift, confirmed=1, people=[volunteer])
    client.force_login(volunteer)
    response = client.post(f"/shifts/{shift.pk}/cancel/", follow=True)
    assert "The coordinators have been told" in response.text
    signup = Signup.objects.get(shift=shift, volunteer=volunteer)
    assert signup.is_late_cancellation
    assert Notification.objects.filter(kind="late_cancellation", recipient=coordinator, signup=signup).exists()


def test_leaving_the_waiting_list(client, mission, volunteer):
    shift = ShiftFactory(mission=mission, capacity=1)
    fill(shift, confirmed=1)
    fill(shift, waitlisted=1, people=[volunteer])
    client.force_login(volunteer)
    response = client.post(f"/shifts/{shift.pk}/cancel/", follow=True)
    assert "You have left the waiting list." in response.text


def test_cancel_without_a_signup_says_so(client, mission, volunteer):
    shift = ShiftFactory(mission=mission)
    fill(shift, confirmed=1)
    client.force_login(volunteer)
    response = client.post(f"/shifts/{shift.pk}/cancel/", follow=True)
    assert "You are not signed up for this shift." in response.text
    assert shift.signups.get().status == "confirmed"


def test_cancel_of_a_started_shift_is_refused_with_the_rule_message(client, mission, volunteer):
    now = timezone.now()
    shift = ShiftFactory(mission=mission, starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=2))
    fill(shift, confirmed=1, people=[volunteer])
    client.force_login(volunteer)
    response = client.post(f"/shifts/{shift.pk}/cancel/", follow=True)
    assert "Please call the site&#x27;s coordinators instead." in response.text
    assert shift.signups.get().status == "confirmed"


def test_someone_else_cannot_cancel_my_signup(client, mission, volunteer, outsider):
    shift = ShiftFactory(mission=mission)
    fill(shift, confirmed=1, people=[volunteer])
    client.force_login(outsider)
    client.post(f"/shifts/{shift.pk}/cancel/")
    assert Signup.objects.get(volunteer=volunteer).status == "confirmed"


def test_under_18_refused_through_the_page(client, mission):
    shift = ShiftFactory(mission=mission)
    minor = VolunteerFactory(birth_date=timezone.localdate() - timedelta(days=17 * 365))
    client.force_login(minor)
    response = client.post(f"/shifts/{shift.pk}/signup/", follow=True)
    assert "18 or older" in response.text
    assert not Signup.objects.exists()
