"""The record, the profile's certificates and tokens, and the verification page: on a phone, in both languages."""

from datetime import date, time

import pytest

from records import services as record_services
from shifts.models import Signup
from tests.browser.helpers import no_horizontal_scroll
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, local_dt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def done(calais, coordinator):
    """Colette (who coordinates Calais) did two shifts herself: she sees the record and the tokens panel."""
    mission = MissionFactory(site=calais, name="Warehouse sorting", name_fr="Tri à l'entrepôt")
    for day in (date(2025, 6, 10), date(2025, 7, 2)):
        starts_at = local_dt(day, time(9))
        shift = ShiftFactory(mission=mission, starts_at=starts_at, ends_at=local_dt(day, time(13, 30)))
        SignupFactory(shift=shift, volunteer=coordinator, status=Signup.Status.CONFIRMED, attendance="present")
    return record_services.issue_certificate(volunteer=coordinator, language="en", by=coordinator)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("path", ["/me/record/", "/me/"])
def test_record_and_profile_on_a_phone(new_page, axe_check, login, coordinator, done, path, language):
    coordinator.preferred_language = language
    coordinator.save()
    page = new_page(locale={"en": "en-GB", "fr": "fr-FR"}[language])
    login(page, "colette@example.org", "correct-horse-battery")
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("main h1").count() == 1
    assert page.locator("#certificates, #certificate").count() == 1
    assert no_horizontal_scroll(page)
    axe_check(page)


def test_the_verification_page_on_a_phone(page, axe_check, done):
    page.goto(f"/certificates/{done.token}/")
    assert page.get_by_text("Genuine").is_visible()
    assert no_horizontal_scroll(page)
    axe_check(page)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_withdrawing_a_certificate_asks_first_by_keyboard(new_page, axe_check, login, coordinator, done, language):
    from records.models import Certificate

    coordinator.preferred_language = language
    coordinator.save()
    page = new_page(locale={"en": "en-GB", "fr": "fr-FR"}[language])
    login(page, "colette@example.org", "correct-horse-battery")
    page.goto("/me/")
    withdraw = page.locator(f'a[href="/me/certificates/{done.certificate.pk}/revoke/"]')
    withdraw.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/me/certificates/{done.certificate.pk}/revoke/")
    # The question is a page of its own: one heading, nothing withdrawn yet, readable on a phone.
    assert page.locator("main h1").count() == 1
    assert Certificate.objects.get().revoked_at is None
    assert no_horizontal_scroll(page)
    axe_check(page)
    page.locator("main form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/me/#certificates")
    assert Certificate.objects.get().revoked_at is not None
