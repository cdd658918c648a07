"""Pages where a person could be stuck give them a way out: a number to call, an address to write to."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from tests.factories import ShiftFactory


def test_the_verify_email_page_names_the_coordinators_to_write_to(client, calais, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    calais.contact_email = "calais@example.org"
    calais.contact_phone = "+33 1 99 00 00 01"
    calais.save()
    response = client.get("/accounts/confirm-email/")
    assert response.status_code == 200
    assert 'href="mailto:calais@example.org"' in response.text
    assert 'href="tel:+33199000001"' in response.text


def test_a_started_shift_gives_the_number_to_call(client, mission):
    mission.site.day_phone = "+33 1 99 00 00 02"
    mission.site.save()
    now = timezone.now()
    shift = ShiftFactory(mission=mission, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2))
    with time_machine.travel(now, tick=False):
        response = client.get(f"/shifts/{shift.pk}/")
    assert "sign-ups are closed" in response.text
    assert 'href="tel:+33199000002"' in response.text


def test_the_print_pages_have_a_favicon(admin_client, calais):
    for url in ("/roster/calais/2026-12-08/?print=1", "/roster/calais/stays/print/?day=2026-12-08"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert 'rel="icon"' in response.text, url
