"""Every roster action goes through shifts.services: the rules hold for coordinators too."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shifts.models import Notification, Signup
from tests.factories import SignupFactory, VolunteerFactory
from volunteers.models import Volunteer

from .conftest import FUTURE_DAY, confirmed, day_url, make_shift, messages_of, started_shift

pytestmark = pytest.mark.django_db


def _assign(client, shift, person):
    return client.post(reverse("roster:assign", args=["calais", shift.pk]), {"volunteer": person.pk}, follow=True)


def test_assign_books_a_volunteer(coordinator_client, coordinator, mission, volunteer):
    shift = make_shift(mission)
    response = _assign(coordinator_client, shift, volunteer)
    signup = Signup.objects.get(shift=shift, volunteer=volunteer)
    assert (signup.status, signup.booked_by) == (Signup.Status.CONFIRMED, coordinator)
    assert response.redirect_chain[-1][0] == day_url(shift) + f"?at={shift.pk}#shift-{shift.pk}"
    assert "is booked on this shift" in messages_of(response)[0]


def test_coordinator_cannot_book_a_minor(coordinator_client, mission):
    shift = make_shift(mission)
    minor = VolunteerFactory(birth_date=FUTURE_DAY.replace(year=FUTURE_DAY.year - 17))
    response = _assign(coordinator_client, shift, minor)
    assert not Signup.objects.filter(volunteer=minor).exists()
    assert "18 or older" in messages_of(response)[0]


def test_coordinator_cannot_overfill_a_shift(coordinator_client, mission, volunteer):
    shift = make_shift(mission, capacity=1)
    confirmed(shift)
    response = _assign(coordinator_client, shift, volunteer)
    shift.refresh_from_db()
    assert shift.confirmed_count == 1
    assert Signup.objects.get(shift=shift, volunteer=volunteer).status == Signup.Status.WAITLISTED
    assert "waiting list" in messages_of(response)[0]


def test_search_finds_by_name_whole_email_and_whole_phone(coordinator_client, mission):
    shift = make_shift(mission)
    VolunteerFactory(first_name="Zoe", last_name="Zimmer", email="zz@example.org", phone="+33611112222")
    url = reverse("roster:assign", args=["calais", shift.pk])
    for query in ["zoe zim", "ZZ@example.org", "06 11 11 22 22"]:
        response = coordinator_client.get(url, {"q": query})
        assert "Zoe Z." in response.text, query
    # Part of an address or a number finds nobody: the search cannot spell out someone's contact details.
    for query in ["nobody-like-this", "zz@example", "1122"]:
        assert "Zoe Z." not in coordinator_client.get(url, {"q": query}).text, query


def test_search_is_paginated(coordinator_client, mission):
    shift = make_shift(mission)
    VolunteerFactory.create_batch(25, first_name="Sam", last_name="Samename")
    response = coordinator_client.get(reverse("roster:assign", args=["calais", shift.pk]), {"q": "samename"})
    assert response.text.count("Sam S.</strong>") == 20
    assert "Page 1 of 2" in response.text


def _walk_in(client, shift, **overrides):
    data = {"first_name": "Wally", "last_name": "Walker", "phone": "06 12 34 56 78", "birth_date": "1995-02-03"}
    data.update(overrides)
    return client.post(reverse("roster:walk_in", args=["calais", shift.pk]), data, follow=True)


def test_walk_in_is_stored_and_booked(coordinator_client, mission):
    shift = make_shift(mission)
    response = _walk_in(coordinator_client, shift, email="Wally@Example.org")
    person = Volunteer.objects.get(last_name="Walker")
    assert person.is_walk_in and not person.has_usable_password()
    assert person.email == "wally@example.org"
    assert str(person.phone) == "+33612345678"
    signup = Signup.objects.get(volunteer=person, shift=shift)
    assert signup.status == Signup.Status.CONFIRMED
    assert response.redirect_chain[-1][0] == day_url(shift) + f"?at={shift.pk}#shift-{shift.pk}"


def test_walk_in_under_18_is_refused_and_nothing_stored(coordinator_client, mission):
    shift = make_shift(mission)
    today = timezone.localdate()
    seventeen = date(today.year - 17, today.month, min(today.day, 28))
    response = _walk_in(coordinator_client, shift, birth_date=seventeen.isoformat())
    assert response.status_code == 200
    assert "18 or older" in str(response.context["form"].errors["birth_date"])
    assert not Volunteer.objects.filter(last_name="Walker").exists()
    assert not Signup.objects.exists()


def test_walk_in_with_a_taken_email_is_refused_on_the_form(coordinator_client, mission, volunteer):
    shift = make_shift(mission)
    response = _walk_in(coordinator_client, shift, email=volunteer.email.upper())
    assert "already has an account" in str(response.context["form"].errors["email"])
    assert not Volunteer.objects.filter(last_name="Walker").exists()


def test_move_to_another_shift(coordinator_client, mission):
    origin = make_shift(mission, start=time(9), capacity=1)
    target = make_shift(mission, start=time(14))
    signup = confirmed(origin)
    waiting = SignupFactory(shift=origin)
    response = coordinator_client.post(
        reverse("roster:move", args=["calais", signup.pk]), {"to_shift": target.pk}, follow=True
    )
    assert response.redirect_chain, response.content
    signup.refresh_from_db()
    waiting.refresh_from_db()
    assert signup.status == Signup.Status.CANCELLED and not signup.is_late_cancellation
    assert Signup.objects.get(shift=target, volunteer=signup.volunteer).status == Signup.Status.CONFIRMED
    assert waiting.status == Signup.Status.CONFIRMED  # the freed seat went to the waiting list
    origin.refresh_from_db()
    target.refresh_from_db()
    assert (origin.confirmed_count, target.confirmed_count) == (1, 1)
    assert not Notification.objects.filter(kind="late_cancellation").exists()


def test_move_to_a_full_shift_is_refused(coordinator_client, mission):
    origin = make_shift(mission, start=time(9))
    target = make_shift(mission, start=time(14), capacity=1)
    confirmed(target)
    signup = confirmed(origin)
    response = coordinator_client.post(reverse("roster:move", args=["calais", signup.pk]), {"to_shift": target.pk})
    assert response.status_code == 200
    assert "is full" in str(response.context["form"].errors["to_shift"])
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED
    assert target.signups.count() == 1


def test_move_into_an_overlap_is_refused_and_nothing_changes(coordinator_client, mission, paris_mission):
    origin = make_shift(mission, start=time(9))
    target = make_shift(mission, start=time(14))
    person = VolunteerFactory()
    signup = confirmed(origin, person)
    confirmed(make_shift(paris_mission, start=time(15)), person)  # busy in Paris that afternoon
    response = coordinator_client.post(reverse("roster:move", args=["calais", signup.pk]), {"to_shift": target.pk})
    assert "already booked at the same time" in str(response.context["form"].errors["to_shift"])
    signup.refresh_from_db()
    origin.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED and origin.confirmed_count == 1
    assert not target.signups.exists()


def test_move_offers_only_shifts_of_the_same_site(coordinator_client, mission, paris_mission):
    signup = confirmed(make_shift(mission, start=time(9)))
    paris = make_shift(paris_mission, start=time(14))
    response = coordinator_client.post(reverse("roster:move", args=["calais", signup.pk]), {"to_shift": paris.pk})
    assert "to_shift" in response.context["form"].errors
    assert not paris.signups.exists()


def test_cancel_for_someone_promotes_the_waiting_list(coordinator_client, coordinator, mission):
    shift = make_shift(mission, capacity=1)
    signup = confirmed(shift)
    waiting = SignupFactory(shift=shift)
    coordinator_client.post(reverse("roster:cancel_signup", args=["calais", signup.pk]))
    signup.refresh_from_db()
    waiting.refresh_from_db()
    assert (signup.status, signup.cancelled_by) == (Signup.Status.CANCELLED, coordinator)
    assert waiting.status == Signup.Status.CONFIRMED


def test_attendance_is_refused_before_the_start(coordinator_client, mission):
    signup = confirmed(make_shift(mission))
    response = coordinator_client.post(
        reverse("roster:attendance", args=["calais", signup.pk]), {"attendance": "present"}, follow=True
    )
    signup.refresh_from_db()
    assert signup.attendance == Signup.Attendance.UNKNOWN
    assert "once the shift has started" in messages_of(response)[0]


@pytest.mark.parametrize("value", ["present", "no_show"])
def test_attendance_after_the_start(coordinator_client, mission, value):
    shift = started_shift(mission)
    signup = confirmed(shift)
    html = coordinator_client.get(reverse("roster:signup", args=["calais", signup.pk])).text
    assert 'value="present"' in html and 'value="no_show"' in html
    coordinator_client.post(reverse("roster:attendance", args=["calais", signup.pk]), {"attendance": value})
    signup.refresh_from_db()
    assert signup.attendance == value


def test_attendance_of_a_waitlisted_person_is_refused(coordinator_client, mission):
    signup = SignupFactory(shift=started_shift(mission))
    coordinator_client.post(reverse("roster:attendance", args=["calais", signup.pk]), {"attendance": "present"})
    signup.refresh_from_db()
    assert signup.attendance == Signup.Attendance.UNKNOWN


def test_note_is_saved_and_shown(coordinator_client, mission):
    signup = confirmed(make_shift(mission))
    coordinator_client.post(reverse("roster:note", args=["calais", signup.pk]), {"note": "  Brings the van keys  "})
    signup.refresh_from_db()
    assert signup.note == "Brings the van keys"
    assert "Brings the van keys" in coordinator_client.get(day_url(signup.shift)).text


def test_confirm_a_waitlisted_person_when_a_seat_is_free(coordinator_client, mission):
    shift = make_shift(mission, capacity=1)
    waiting = SignupFactory(shift=shift)
    coordinator_client.post(reverse("roster:confirm_signup", args=["calais", waiting.pk]))
    waiting.refresh_from_db()
    shift.refresh_from_db()
    assert waiting.status == Signup.Status.CONFIRMED and shift.confirmed_count == 1
    other = SignupFactory(shift=shift)
    response = coordinator_client.post(reverse("roster:confirm_signup", args=["calais", other.pk]), follow=True)
    other.refresh_from_db()
    assert other.status == Signup.Status.WAITLISTED
    assert "full" in messages_of(response)[-1]


def test_confirm_refuses_an_ineligible_person(coordinator_client, mission):
    shift = make_shift(mission, capacity=1)
    minor = VolunteerFactory(birth_date=FUTURE_DAY - timedelta(days=365 * 10))
    waiting = SignupFactory(shift=shift, volunteer=minor)
    coordinator_client.post(reverse("roster:confirm_signup", args=["calais", waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.status == Signup.Status.WAITLISTED
