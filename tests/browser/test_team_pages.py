"""The team's phone page and the night board at 360 px, in English and French, axe clean; the board refreshes
itself through htmx under the strict CSP."""

from datetime import timedelta

import pytest

from shifts import services
from shifts.models import TeamWatch
from sites.models import TeamNeed
from tests.browser.helpers import no_horizontal_scroll
from tests.factories import MissionFactory, ShiftFactory, VolunteerFactory, grant, qualification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def night_shift(calais, coordinator):
    from django.utils import timezone

    calais.emergency_phone = "+33 3 21 00 00 00"
    calais.contact_phone = "+33 3 21 11 11 11"
    calais.save()
    mission = MissionFactory(site=calais, name="Night maraude", name_fr="Maraude de nuit", min_to_run=3,
                             needs_safe_return=True)  # fmt: skip
    TeamNeed.objects.create(mission=mission, qualification=qualification("driving-licence"), count=1)
    starts = timezone.now() + timedelta(hours=1)
    shift = ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=4), capacity=4)
    lead = VolunteerFactory(email="lena@example.org", first_name="Lena", last_name="Lead", preferred_language="fr")
    grant(lead, "team-lead")
    services.sign_up(volunteer=lead, shift=shift)
    services.sign_up(volunteer=VolunteerFactory(first_name="Mo", last_name="Member"), shift=shift)
    return shift


@pytest.mark.parametrize("language", ["en", "fr"])
def test_team_page_on_a_phone(new_page, axe_check, login, night_shift, language):
    page = new_page(locale={"en": "en-GB", "fr": "fr-FR"}[language])
    login(page, "lena@example.org", "correct-horse-battery")
    page.goto(f"/shifts/{night_shift.pk}/team/")
    assert page.locator("html").get_attribute("lang") in ("en", "fr")
    assert no_horizontal_scroll(page)
    axe_check(page)
    page.locator("form[action$='/team/out/'] button").click()
    page.wait_for_load_state()
    assert TeamWatch.objects.get(shift=night_shift).out_at is not None
    assert page.locator("form[action$='/team/back/'] button").is_visible()
    assert no_horizontal_scroll(page)
    axe_check(page)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_tonight_board_on_a_phone_refreshes_itself(new_page, axe_check, login, night_shift, coordinator, language):
    page = new_page(locale={"en": "en-GB", "fr": "fr-FR"}[language])
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    login(page, "colette@example.org", "correct-horse-battery")
    page.clock.install()  # the page's timers run on a clock the test moves
    page.goto("/roster/calais/tonight/")
    assert no_horizontal_scroll(page)
    axe_check(page)
    # A minute later the board asks again by itself and swaps in place (htmx, no inline script).
    services.team_out(shift=night_shift, by=coordinator)
    assert page.locator("#tonight-board .team-card-out").count() == 0
    with page.expect_response(
        lambda response: "/tonight/" in response.url and response.request.headers.get("hx-request") == "true"
    ):
        page.clock.run_for(61_000)
    page.locator("#tonight-board .team-card-out").wait_for()
    assert page.locator("#tonight-board .team-card-out").count() == 1
    assert not [error for error in errors if "Content Security Policy" in error], errors
    axe_check(page)
