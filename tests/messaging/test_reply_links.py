"""The signed "I'm coming" / "I can't come" links: no login, GET changes nothing, each works once."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone

from shifts.messaging import replies
from shifts.models import Notification, Signup
from shifts.tasks import send_due_reminders
from tests.factories import ShiftFactory, VolunteerFactory

from .conftest import book


def _links(message) -> dict:
    found = dict(re.findall(r"https?://[^/\s]+(/r/(coming|cant-come)/[^\s\"<]+)", message.body))
    return {purpose: path for path, purpose in found.items()}


@pytest.fixture
def reminded(soon_shift, volunteer):
    signup = book(volunteer, soon_shift)
    send_due_reminders()
    (message,) = mail.outbox
    mail.outbox.clear()
    return signup, _links(message)


def test_im_coming_asks_on_get_and_records_on_post(client, reminded):
    signup, links = reminded

    page = client.get(links["coming"])
    assert page.status_code == 200
    assert "Yes, I'm coming" in page.content.decode()
    signup.refresh_from_db()
    assert signup.coming_confirmed_at is None

    done = client.post(links["coming"])
    assert done.status_code == 200
    assert "The coordinators know you are coming" in done.content.decode()
    signup.refresh_from_db()
    assert signup.coming_confirmed_at is not None
    first = signup.coming_confirmed_at

    client.post(links["coming"])
    signup.refresh_from_db()
    assert signup.coming_confirmed_at == first


def test_cant_come_cancels_once_and_promotes_the_waiting_list(
    client, reminded, soon_shift, outsider, django_capture_on_commit_callbacks
):
    signup, links = reminded
    others = [book(VolunteerFactory(), soon_shift) for _ in range(2)]
    waiting = book(outsider, soon_shift)
    assert waiting.status == Signup.Status.WAITLISTED
    assert [o.status for o in others] == [Signup.Status.CONFIRMED] * 2

    page = client.get(links["cant-come"])
    assert page.status_code == 200
    assert "Yes, cancel my place" in page.content.decode()
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED  # a mail scanner following the link changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(links["cant-come"])
    assert done.status_code == 200
    assert "Your place is cancelled" in done.content.decode()
    signup.refresh_from_db()
    waiting.refresh_from_db()
    soon_shift.refresh_from_db()
    assert signup.status == Signup.Status.CANCELLED
    assert waiting.status == Signup.Status.CONFIRMED
    assert soon_shift.confirmed_count == 3
    # The promoted volunteer is told, once.
    assert Notification.objects.get(kind="promoted").recipient == outsider
    by_recipient = {message.to[0]: message.subject for message in mail.outbox}
    assert len(mail.outbox) == 2
    assert "You have a seat" in by_recipient["otto@example.org"]
    # The volunteer who cancelled gets their own short confirmation.
    assert by_recipient["vera@example.org"].startswith("Cancelled: your place on")

    again = client.post(links["cant-come"])
    assert again.status_code == 200
    assert "already cancelled" in again.content.decode()
    soon_shift.refresh_from_db()
    assert soon_shift.confirmed_count == 3


def test_cant_come_after_the_start_says_to_call_the_coordinators(client, reminded, soon_shift):
    signup, links = reminded
    soon_shift.starts_at = timezone.now() - timedelta(minutes=10)
    soon_shift.save()

    response = client.post(links["cant-come"])

    assert response.status_code == 200
    assert "Please call the site's coordinators" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature broken
        lambda token: signing.dumps({"s": 1, "p": "cant-come"}, key="not-our-secret", salt=replies.SALT),
        lambda token: "nonsense",
    ],
)
def test_tampered_links_fail_with_a_friendly_page(client, reminded, mangle):
    signup, links = reminded
    token = links["cant-come"].split("/")[3]

    response = client.post(f"/r/cant-come/{mangle(token)}/")

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED


def test_a_coming_link_cannot_cancel(client, reminded):
    signup, links = reminded
    token = links["coming"].split("/")[3]

    response = client.post(f"/r/cant-come/{token}/")

    assert response.status_code == 400
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED


def test_a_link_to_a_deleted_signup_is_not_found(client, db):
    token = replies.make_token(signup_id=987654, purpose=replies.CANT_COME)

    response = client.get(f"/r/cant-come/{token}/")

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_links_expire(client, reminded, settings, monkeypatch):
    signup, links = reminded
    settings.UTOPIA_REPLY_LINK_MAX_AGE_DAYS = 30
    later = timezone.now().timestamp() + 31 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)

    response = client.post(links["cant-come"])

    assert response.status_code == 400
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED


def test_reply_pages_speak_the_volunteers_language(client, reminded, volunteer):
    volunteer.preferred_language = "fr"
    volunteer.save()
    _, links = reminded

    page = client.get(links["cant-come"])

    assert "Oui, annuler ma place" in page.content.decode()


def test_late_cancellation_by_link_tells_the_coordinators(
    client, mission, coordinator, volunteer, django_capture_on_commit_callbacks
):
    starts = timezone.now() + timedelta(hours=3)
    signup = book(volunteer, ShiftFactory(mission=mission, starts_at=starts))
    token = replies.make_token(signup_id=signup.pk, purpose=replies.CANT_COME)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/r/cant-come/{token}/")

    late = [message for message in mail.outbox if message.to == ["colette@example.org"]]
    assert len(late) == 1
    assert "Late cancellation: Vera Volunteer" in late[0].subject
    assert [message.to for message in mail.outbox if message not in late] == [["vera@example.org"]]  # her own


def test_the_cancel_button_works_for_an_anonymous_browser_with_csrf_checks(reminded):
    from django.test import Client

    signup, links = reminded
    browser = Client(enforce_csrf_checks=True)

    page = browser.get(links["cant-come"])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = browser.post(links["cant-come"], {"csrfmiddlewaretoken": token})

    assert response.status_code == 200
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CANCELLED
