"""Each site's practical guide: on the shift page for people booked there, in reminders and in a welcome email."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from shifts import services
from shifts.messaging.mail import render_reminder, sweep_notifications
from shifts.models import Notification
from tests.factories import ShiftFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guided(calais):
    calais.meeting_point = "Blue door of the warehouse"
    calais.meeting_point_fr = "Porte bleue de l'entrepôt"
    calais.getting_there = "Bus 3 from the station"
    calais.getting_there_fr = "Bus 3 depuis la gare"
    calais.what_to_bring = "Gloves"
    calais.what_to_bring_fr = "Des gants"
    calais.day_phone = "+33 6 00 00 00 01"
    calais.save()
    return calais


def page_for(client, person, shift, language, settings):
    person.preferred_language = language
    person.save()
    client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(f"/shifts/{shift.pk}/").text


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", ["Practical guide: Calais", "Blue door of the warehouse", "Bus 3 from the station", "Gloves"]),
        ("fr", ["Guide pratique : Calais", "Porte bleue de l&#x27;entrepôt", "Bus 3 depuis la gare", "Des gants"]),
    ],
)
def test_the_shift_page_shows_the_guide_to_people_booked(client, guided, mission, settings, language, expected):
    shift = ShiftFactory(mission=mission)
    person = VolunteerFactory()
    services.sign_up(volunteer=person, shift=shift)

    page = page_for(client, person, shift, language, settings)

    for text in expected:
        assert text in page
    assert 'href="tel:+33600000001"' in page


def test_not_to_people_who_are_not_booked(client, guided, mission, settings):
    shift = ShiftFactory(mission=mission)
    page = page_for(client, VolunteerFactory(), shift, "en", settings)
    assert "Blue door of the warehouse" not in page


@pytest.mark.parametrize(
    "language, expected",
    [("en", "Meeting point: Blue door of the warehouse"), ("fr", "Point de rendez-vous : Porte bleue de l'entrepôt")],
)
def test_the_reminder_carries_the_guide(guided, mission, language, expected):
    starts = timezone.now() + timedelta(hours=6)
    shift = ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=3))
    signup = services.sign_up(volunteer=VolunteerFactory(preferred_language=language), shift=shift)

    subject, text, html = render_reminder(signup)

    assert expected in text
    assert "+33 6 00 00 00 01" in text


def _sent(when=None):
    """Sweep what is due, as the queue would have sent it, and return the emails."""
    mail.outbox.clear()
    Notification.objects.filter(sent_at=None).update(created_at=timezone.now() - timedelta(minutes=5))
    sweep_notifications()
    return list(mail.outbox)


def test_the_first_sign_up_at_a_site_is_confirmed_by_one_welcome_with_the_guide(guided, mission):
    person = VolunteerFactory(preferred_language="fr")
    services.sign_up(volunteer=person, shift=ShiftFactory(mission=mission))

    # One message, not a confirmation and a welcome repeating the same shift.
    [welcome] = _sent()
    assert welcome.subject.startswith("Inscription confirmée") and "Calais" in welcome.subject
    assert "Vous êtes inscrit·e sur ce créneau" in welcome.body
    assert "Porte bleue de l'entrepôt" in welcome.body and "Bus 3 depuis la gare" in welcome.body
    [(filename, _, _)] = welcome.attachments
    assert filename == "shift.ics"
    assert set(Notification.objects.values_list("kind", flat=True)) == {"welcome"}

    # The next sign-up there gets the ordinary short confirmation, without the guide again.
    services.sign_up(
        volunteer=person, shift=ShiftFactory(mission=mission, starts_at=timezone.now() + timedelta(days=5))
    )
    [confirmation] = _sent()
    assert confirmation.subject.startswith("Inscription confirmée") and "Calais" not in confirmation.subject
    assert "Porte bleue" not in confirmation.body
    assert Notification.objects.filter(kind="welcome", recipient=person).count() == 1


def test_with_confirmations_turned_off_the_welcome_still_comes_once(guided, mission):
    person = VolunteerFactory(signup_confirmations=False)
    services.sign_up(volunteer=person, shift=ShiftFactory(mission=mission))
    services.sign_up(
        volunteer=person, shift=ShiftFactory(mission=mission, starts_at=timezone.now() + timedelta(days=5))
    )

    [welcome] = _sent()
    assert "Welcome to Calais" in welcome.subject
    assert "Blue door of the warehouse" in welcome.body


def test_booked_by_a_coordinator_the_welcome_adds_only_the_guide(guided, mission, coordinator):
    person = VolunteerFactory()
    services.sign_up(volunteer=person, shift=ShiftFactory(mission=mission), by=coordinator)

    booked, welcome = sorted(_sent(), key=lambda message: "Welcome" in message.subject)
    assert "Welcome" not in booked.subject and "Blue door" not in booked.body
    # Their booking message says who booked them; the welcome does not confirm the shift a second time.
    assert welcome.subject.startswith("Welcome to Calais")
    assert "You are signed up for this shift" not in welcome.body
    assert "Blue door of the warehouse" in welcome.body
    assert welcome.attachments == []


def test_a_cancelled_first_sign_up_sends_no_welcome(guided, mission):
    person = VolunteerFactory()
    signup = services.sign_up(volunteer=person, shift=ShiftFactory(mission=mission))
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    services.cancel(signup=signup)

    assert all("Welcome" not in message.subject for message in _sent())


def test_no_welcome_without_a_guide(mission):
    services.sign_up(volunteer=VolunteerFactory(), shift=ShiftFactory(mission=mission))
    assert not Notification.objects.filter(kind="welcome").exists()


def test_the_sign_up_looks_for_the_welcome_under_its_own_kind():
    # shifts.onboarding.rules reads "welcomed already" with the person, by kind: the kind must be the welcome's.
    from shifts.onboarding.messages import Welcome
    from shifts.onboarding.rules import WELCOME_KIND

    assert WELCOME_KIND == Welcome.slug
