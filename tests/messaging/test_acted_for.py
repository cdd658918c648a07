"""People hear when someone else acts for them: a coordinator or an admin books, wait-lists, moves, confirms or
cancels them. One message each (email, and SMS for those who asked for text messages), in their language,
saying who and what."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from shifts import services
from shifts.messaging import mail as messaging
from shifts.models import Notification, Signup
from tests.factories import ShiftFactory, SignupFactory, VolunteerFactory


def _later():
    return timezone.now() + messaging.NOTIFICATION_QUEUE_GRACE + timedelta(seconds=1)


def _kinds(person):
    return sorted(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


@pytest.fixture
def shift(mission):
    starts = timezone.now() + timedelta(days=2)
    return ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=2)


def test_a_coordinator_booking_someone_tells_them_once_who_and_what(
    shift, volunteer, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(volunteer=volunteer, shift=shift, by=coordinator)

    (message,) = mail.outbox
    assert message.to == ["vera@example.org"]
    assert message.subject.startswith("Booked for you: Warehouse sorting")
    assert "Colette Coordinator, a coordinator, booked you on this shift" in message.body
    assert f"/shifts/{shift.pk}/" in message.body
    assert _kinds(volunteer) == ["booked_for"]  # not also the confirmation of one's own sign-up
    assert messaging.sweep_notifications(now=_later()) == 0  # sent once


def test_a_full_shift_puts_them_on_the_waiting_list_and_says_so(
    shift, volunteer, coordinator, django_capture_on_commit_callbacks
):
    for _ in range(shift.capacity):
        SignupFactory(shift=shift, status=Signup.Status.CONFIRMED)
    shift.confirmed_count = shift.capacity
    shift.save()

    with django_capture_on_commit_callbacks(execute=True):
        signup = services.sign_up(volunteer=volunteer, shift=shift, by=coordinator)

    assert signup.status == Signup.Status.WAITLISTED
    (message,) = mail.outbox
    assert message.subject.startswith("On the waiting list for you")
    assert "put you on the waiting list" in message.body


def test_in_their_language_and_by_sms_when_they_asked_for_text_messages(
    shift, volunteer, admin_user, sms_outbox, django_capture_on_commit_callbacks
):
    volunteer.preferred_language = "fr"
    volunteer.sms_reminders = True
    volunteer.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(volunteer=volunteer, shift=shift, by=admin_user)

    (message,) = mail.outbox
    assert message.subject.startswith("Réservé pour vous")
    assert "Ada Admin" in message.body and "administrat" in message.body
    (text,) = sms_outbox
    assert text["to"] == "+33612345678"
    assert "Ada Admin" in text["text"]


def test_no_sms_for_someone_who_did_not_ask(
    shift, volunteer, coordinator, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(volunteer=volunteer, shift=shift, by=coordinator)
    assert len(mail.outbox) == 1
    assert sms_outbox == []


def test_a_move_is_one_message_naming_both_shifts(
    shift, mission, volunteer, coordinator, django_capture_on_commit_callbacks
):
    later = ShiftFactory(mission=mission, starts_at=shift.starts_at + timedelta(hours=5), capacity=2)
    signup = services.sign_up(volunteer=volunteer, shift=shift, by=None)
    Notification.objects.all().delete()  # her own sign-up's confirmation: not what this test is about

    with django_capture_on_commit_callbacks(execute=True):
        services.move(signup=signup, to_shift=later, by=coordinator)

    (message,) = mail.outbox
    assert message.subject.startswith("You were moved")
    assert "Colette Coordinator, a coordinator, moved you to another shift" in message.body
    assert "You are no longer expected on" in message.body
    assert _kinds(volunteer) == ["moved_for"]
    assert messaging.sweep_notifications(now=_later()) == 0


def test_a_coordinator_cancelling_someone_tells_them(shift, volunteer, coordinator, django_capture_on_commit_callbacks):
    signup = services.sign_up(volunteer=volunteer, shift=shift, by=coordinator)
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(signup=signup, by=coordinator)

    (message,) = mail.outbox
    assert message.subject.startswith("Your place was cancelled")
    assert "Colette Coordinator, a coordinator, cancelled your place" in message.body
    assert _kinds(volunteer) == ["cancelled_for"]


def test_a_coordinator_giving_a_waiting_person_a_seat_sends_one_message(
    shift, volunteer, coordinator, django_capture_on_commit_callbacks
):
    waiting = SignupFactory(shift=shift, volunteer=volunteer, status=Signup.Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(signup=waiting, by=coordinator)

    (message,) = mail.outbox
    assert message.subject.startswith("You have a seat")
    assert "Colette Coordinator, a coordinator, gave you a seat" in message.body
    assert "/r/cant-come/" in message.body
    assert _kinds(volunteer) == ["confirmed_for"]  # instead of the automatic "seat from the waiting list"


def test_the_roster_and_admin_paths_tell_the_person(client, shift, volunteer, coordinator, admin_user):
    client.force_login(coordinator)
    client.post(f"/roster/calais/shift/{shift.pk}/assign/", {"volunteer": volunteer.pk})
    assert _kinds(volunteer) == ["booked_for"]

    signup = Signup.objects.get(volunteer=volunteer)
    client.force_login(admin_user)
    client.post(
        "/admin/shifts/signup/",
        {"action": "cancel_signups", "_selected_action": [signup.pk]},
    )
    assert _kinds(volunteer) == ["booked_for", "cancelled_for"]
    assert Notification.objects.get(kind="cancelled_for").context["by_role"] == "admin"


def test_acting_for_oneself_is_not_acting_for_someone_else(shift, coordinator):
    services.sign_up(volunteer=coordinator, shift=shift, by=coordinator)
    assert _kinds(coordinator) == ["own_signup"]


def test_nothing_goes_out_once_the_booking_was_undone(shift, volunteer, coordinator):
    signup = services.sign_up(volunteer=volunteer, shift=shift, by=coordinator)  # queued on commit: never here
    services.cancel(signup=signup, by=coordinator)

    assert messaging.sweep_notifications(now=_later()) == 1
    (message,) = mail.outbox
    assert message.subject.startswith("Your place was cancelled")
    assert Notification.objects.get(kind="booked_for").last_error.startswith("skipped")


def test_a_person_without_email_but_with_sms_still_hears(shift, coordinator, sms_outbox):
    walk_in = VolunteerFactory(email=None, sms_reminders=True)
    services.sign_up(volunteer=walk_in, shift=shift, by=coordinator)

    assert messaging.sweep_notifications(now=_later()) == 1
    assert mail.outbox == []
    assert len(sms_outbox) == 1
