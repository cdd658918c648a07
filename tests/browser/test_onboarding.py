"""Onboarding in the browser at 360 px: registration with the charter, the shift page's two-in-one offer, and a
coordinator choosing a buddy from the day and from the person's actions."""

from datetime import time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from shifts import services
from shifts.models import Shift, Signup
from tests.browser.helpers import no_horizontal_scroll
from tests.factories import ShiftFactory, VolunteerFactory, local_dt
from tests.onboarding.conftest import attended
from volunteers.charter import accept_charter, current_charter
from volunteers.models import CharterAcceptance, Volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_registration_with_the_charter_on_a_phone(new_page, axe_check, language):
    call_command("seed_sites", verbosity=0)
    page = new_page(locale={"en": "en-GB", "fr": "fr-FR"}[language])
    page.goto("/accounts/signup/")

    charter = page.locator(".charter-text")
    assert charter.is_visible()
    assert ("18" in charter.inner_text()) and ("photo" in charter.inner_text().lower())
    assert page.locator("input[name=charter]").is_visible()
    assert no_horizontal_scroll(page)
    axe_check(page)

    # Sent without the box: refused, with the reason next to it.
    page.fill("input[name=first_name]", "Maria")
    page.fill("input[name=last_name]", "Schmidt")
    page.fill("input[name=email]", f"maria.{language}@example.org")
    page.fill("input[name=password1]", "a-long-enough-passphrase")
    page.fill("input[name=birth_date]", "1990-05-17")
    page.fill("input[name=phone]", "06 11 22 33 44")
    page.locator("input[name=charter]").evaluate("box => box.removeAttribute('required')")
    with page.expect_navigation():
        page.get_by_role("button", name={"en": "Create my account", "fr": "Créer mon compte"}[language]).click()
    assert not Volunteer.objects.filter(email=f"maria.{language}@example.org").exists()
    assert page.locator(".charter-fieldset .errorlist").is_visible()
    axe_check(page)

    page.fill("input[name=password1]", "a-long-enough-passphrase")
    page.check("input[name=charter]")
    with page.expect_navigation():
        page.get_by_role("button", name={"en": "Create my account", "fr": "Créer mon compte"}[language]).click()
    person = Volunteer.objects.get(email=f"maria.{language}@example.org")
    assert CharterAcceptance.objects.filter(volunteer=person, charter=current_charter()).exists()


def test_the_two_in_one_offer_on_a_phone(page, axe_check, login):
    call_command("seed_sites", verbosity=0)
    day = timezone.localdate() + timedelta(days=2)
    calais_briefing = Shift.objects.create(
        mission_id=_mission("calais", "briefing"),
        starts_at=local_dt(day, time(9, 30)),
        ends_at=local_dt(day, time(10)),
        capacity=10,
    )
    shift = Shift.objects.create(
        mission_id=_mission("calais", "warehouse-sorting"),
        starts_at=local_dt(day, time(10)),
        ends_at=local_dt(day, time(14)),
        capacity=6,
    )
    person = VolunteerFactory(email="nina@example.org")
    accept_charter(volunteer=person, charter=current_charter())
    login(page, "nina@example.org", "correct-horse-battery")

    page.goto(f"/shifts/{shift.pk}/")
    offer = page.get_by_role("button", name="Book the 09:30 briefing and this shift")
    assert offer.is_visible()
    assert page.get_by_role("button", name="Sign up for this shift").count() == 0
    assert no_horizontal_scroll(page)
    axe_check(page)

    with page.expect_navigation():
        offer.click()

    booked = set(Signup.objects.filter(volunteer=person, status="confirmed").values_list("shift_id", flat=True))
    assert booked == {calais_briefing.pk, shift.pk}
    assert page.get_by_text("You are booked on the briefing").is_visible()
    assert page.get_by_role("heading", name="Practical guide: Calais").is_visible()
    assert no_horizontal_scroll(page)
    axe_check(page)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_buddy_from_the_day_and_from_the_persons_actions_on_a_phone(
    new_page, axe_check, login, coordinator, mission, language
):
    day = timezone.localdate() + timedelta(days=2)
    shift = ShiftFactory(
        mission=mission, starts_at=local_dt(day, time(10)), ends_at=local_dt(day, time(14)), capacity=5
    )
    signup = services.sign_up(volunteer=VolunteerFactory(first_name="Nina"), shift=shift)
    veterans = []
    for name in ("Bruno", "Odile"):
        veteran = VolunteerFactory(first_name=name)
        attended(veteran, mission, 3)
        services.sign_up(volunteer=veteran, shift=shift)
        veterans.append(veteran)
    coordinator.preferred_language = language
    coordinator.save(update_fields=["preferred_language"])
    page = new_page(locale={"en": "en-GB", "fr": "fr-FR"}[language])
    login(page, "colette@example.org", "correct-horse-battery")

    page.goto(f"/roster/calais/{day.isoformat()}/")
    line = page.locator(f"#buddy-{signup.pk}")
    assert line.locator("button").is_visible()  # the suggestion, in one tap
    assert no_horizontal_scroll(page)
    axe_check(page)

    with page.expect_navigation():
        line.locator("a").click()
    choice = page.locator("#buddy-choice")
    assert choice.is_visible()
    assert no_horizontal_scroll(page)
    axe_check(page)
    choice.select_option(str(veterans[1].pk))
    with page.expect_navigation():
        page.locator("#buddy form button").click()

    assert Signup.objects.get(pk=signup.pk).buddy == veterans[1]
    assert page.url.endswith("#buddy")
    assert "Odile" in page.locator("#buddy").inner_text()


def _mission(site_slug: str, slug: str) -> int:
    from sites.models import Mission

    return Mission.objects.get(site__slug=site_slug, slug=slug).pk
