"""A volunteer's own sign-up or cancellation: a short confirmation email with the shift as an .ics file,
unless they turned these off on /me/."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from shifts import services
from shifts.messaging import kinds
from shifts.messaging import mail as messaging
from shifts.models import Notification, Signup
from tests.factories import ShiftFactory, SignupFactory


def _later():
    return timezone.now() + messaging.NOTIFICATION_QUEUE_GRACE + timedelta(seconds=1)


@pytest.fixture
def shift(mission):
    starts = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    return ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=2)


def _calendar(message) -> tuple[Calendar, str]:
    ((filename, content, mimetype),) = message.attachments
    assert filename == "shift.ics"
    return Calendar.from_ical(content), mimetype


def test_signing_up_sends_a_confirmation_with_the_shift_in_a_calendar_file(
    client, shift, volunteer, django_capture_on_commit_callbacks
):
    client.force_login(volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/shifts/{shift.pk}/signup/")

    (message,) = mail.outbox
    assert message.to == ["vera@example.org"]
    assert message.subject.startswith("Signed up: Warehouse sorting")
    assert "You are signed up for this shift" in message.body
    calendar, mimetype = _calendar(message)
    assert mimetype.startswith("text/calendar; method=PUBLISH")
    (event,) = calendar.walk("VEVENT")
    signup = Signup.objects.get(volunteer=volunteer)
    assert str(event["UID"]) == f"signup-{signup.pk}@127.0.0.1"  # the feed's UID for the same sign-up
    assert event.decoded("DTSTART") == shift.starts_at
    assert event.decoded("DTEND") == shift.ends_at
    assert "Warehouse sorting" in str(event["SUMMARY"])
    assert messaging.sweep_notifications(now=_later()) == 0  # once


def test_cancelling_sends_a_confirmation_that_takes_the_shift_out_of_the_calendar(
    client, shift, volunteer, django_capture_on_commit_callbacks
):
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    Notification.objects.all().delete()
    client.force_login(volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/shifts/{shift.pk}/cancel/")

    (message,) = mail.outbox
    assert message.subject.startswith("Cancelled: your place on Warehouse sorting")
    calendar, mimetype = _calendar(message)
    assert str(calendar["METHOD"]) == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"signup-{signup.pk}@127.0.0.1"
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_place_on_the_waiting_list_is_confirmed_without_a_calendar_file(
    shift, volunteer, django_capture_on_commit_callbacks
):
    for _ in range(shift.capacity):
        SignupFactory(shift=shift, status=Signup.Status.CONFIRMED)
    shift.confirmed_count = shift.capacity
    shift.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(volunteer=volunteer, shift=shift)

    (message,) = mail.outbox
    assert message.subject.startswith("On the waiting list: Warehouse sorting")
    assert message.attachments == []


def test_in_the_volunteers_language(shift, volunteer, django_capture_on_commit_callbacks):
    volunteer.preferred_language = "fr"
    volunteer.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(volunteer=volunteer, shift=shift)
    (message,) = mail.outbox
    assert message.subject.startswith("Inscription confirmée")


def test_one_setting_on_me_turns_them_off(client, shift, volunteer, django_capture_on_commit_callbacks):
    client.force_login(volunteer)
    page = client.get("/me/").content.decode()
    assert 'name="signup_confirmations"' in page and "checked" in page.split('name="signup_confirmations"')[1][:80]
    form = {
        "first_name": "Vera",
        "last_name": "Volunteer",
        "phone": "+33612345678",
        "languages": ["fr"],
        "emergency_contact_name": "Dominique Contact",
        "emergency_contact_phone": "+33698765432",
        "preferred_language": "en",
    }  # the box left unticked
    assert client.post("/me/", form).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.signup_confirmations is False

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/shifts/{shift.pk}/signup/")
        client.post(f"/shifts/{shift.pk}/cancel/")
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_turned_off_after_signing_up_is_respected_when_sending(shift, volunteer):
    services.sign_up(volunteer=volunteer, shift=shift)  # queued on commit: never here
    volunteer.signup_confirmations = False
    volunteer.save()

    assert messaging.sweep_notifications(now=_later()) == 0
    assert mail.outbox == []
    assert Notification.objects.get().last_error == "skipped: turned off by the recipient"


def test_only_the_own_confirmations_may_be_turned_off():
    may = sorted(slug for slug, kind in kinds.KINDS.items() if kind.may_turn_off)
    assert may == ["own_cancellation", "own_signup"]
