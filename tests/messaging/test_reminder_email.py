"""The reminder email: local time (HH:MM in the site's zone), place, mission, what to bring, contact, links."""

import zoneinfo
from datetime import time, timedelta

import pytest
from django.core import mail

from shifts.tasks import send_due_reminders
from tests.factories import MissionFactory, ShiftFactory, SiteFactory

from .conftest import book, next_local

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def morning_shift(calais, coordinator):
    calais.address = "12 rue des Dunes, 62100 Calais"
    calais.contact_phone = "+33 3 21 00 00 00"
    calais.reminder_hours = 48
    calais.save()
    mission = MissionFactory(
        site=calais,
        name="Food distribution",
        name_fr="Distribution alimentaire",
        what_to_bring="Warm clothes and gloves",
        what_to_bring_fr="Vêtements chauds et gants",
    )
    starts = next_local(time(8), PARIS)
    return ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=4))


def _html(message):
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def test_english_reminder_shows_local_time_place_and_links(morning_shift, volunteer, settings):
    settings.SITE_URL = "https://rota.example.org"
    settings.TIME_ZONE = "UTC"  # the server's zone must not leak into the mail
    book(volunteer, morning_shift)

    send_due_reminders()

    (message,) = mail.outbox
    assert message.to == ["vera@example.org"]
    assert "Reminder: Food distribution in Calais" in message.subject
    assert "at 08:00" in message.subject
    for body in (message.body, _html(message)):
        assert "08:00–12:00" in body
        assert "12 rue des Dunes, 62100 Calais" in body
        assert "Food distribution" in body
        assert "Warm clothes and gloves" in body
        assert "Colette Coordinator" in body
        assert "+33 3 21 00 00 00" in body
        assert "https://rota.example.org/r/coming/" in body
        assert "https://rota.example.org/r/cant-come/" in body
    assert "Hello Vera," in message.body


def test_french_volunteer_gets_the_reminder_in_french(morning_shift, volunteer):
    volunteer.preferred_language = "fr"
    volunteer.save()
    book(volunteer, morning_shift)

    send_due_reminders()

    (message,) = mail.outbox
    assert message.subject.startswith("Rappel : Distribution alimentaire à Calais")
    assert "à 08:00" in message.subject
    french_day = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"][
        morning_shift.starts_at.astimezone(PARIS).weekday()
    ]
    for body in (message.body, _html(message)):
        assert "08:00–12:00" in body
        assert french_day in body
        assert "Vêtements chauds et gants" in body
        assert "Je viens" in body
        assert "Je ne peux pas venir" in body
    assert "Bonjour Vera," in message.body
    assert "Reminder" not in message.body


def test_time_is_in_the_site_zone_not_paris(volunteer):
    london = SiteFactory(slug="london", name="London", timezone="Europe/London", reminder_hours=48)
    starts = next_local(time(8), zoneinfo.ZoneInfo("Europe/London"))
    book(volunteer, ShiftFactory(mission=MissionFactory(site=london), starts_at=starts))

    send_due_reminders()

    (message,) = mail.outbox
    assert "at 08:00" in message.subject
    assert "08:00–12:00" in message.body


def test_coordinators_are_named_when_the_site_has_no_contact_details(calais, coordinator, volunteer):
    mission = MissionFactory(site=calais)
    starts = next_local(time(14), PARIS)
    book(volunteer, ShiftFactory(mission=mission, starts_at=starts))
    calais.reminder_hours = 48
    calais.save()

    send_due_reminders()

    (message,) = mail.outbox
    assert "The coordinators: Colette Coordinator" in message.body
    assert "Phone:" not in message.body
