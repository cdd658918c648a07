"""The roster in Chromium at 360 px, in French and English: a shift edited and saved in French (its date and
time inputs carry ISO values), the coordinator kept at their card after an action, the week day by day, and
the numbers' bars drawn in French."""

import re
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from shifts.models import Signup
from tests.browser.helpers import no_horizontal_scroll
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, VolunteerFactory, local_dt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
# Screenshots of each page as tested, for a person to look at (test-artifacts/ is not committed).
SHOTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "roster"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _open(new_page, login, coordinator, language: str, **options):
    """A tab logged in as the Calais coordinator, reading `language` (on login, the profile's language wins)."""
    coordinator.preferred_language = language
    coordinator.save(update_fields=["preferred_language"])
    page = new_page(locale="fr-FR" if language == "fr" else "en-GB", **options)
    login(page, "colette@example.org", PASSWORD)
    return page


def _busy_day(calais, day: date):
    missions = [
        MissionFactory(
            site=calais, name="Warehouse: sorting donations", slug="warehouse", name_fr="Entrepôt : tri des dons"
        ),
        MissionFactory(site=calais, name="Day maraude", slug="day-maraude", name_fr="Maraude de jour"),
        MissionFactory(site=calais, name="Food distribution", slug="food", name_fr="Distribution de repas"),
    ]
    shifts = []
    for index, mission in enumerate(missions):
        starts_at = local_dt(day, time(9 + 3 * index))
        shift = ShiftFactory(mission=mission, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), capacity=6)
        for person in range(4):
            SignupFactory(
                shift=shift,
                status=Signup.Status.CONFIRMED,
                volunteer=VolunteerFactory(first_name=f"Person{person}", languages=["fr", "ar"], phone="+33611223344"),
            )
        shift.confirmed_count = 4
        shift.save(update_fields=["confirmed_count"])
        shifts.append(shift)
    return shifts


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_shift_is_edited_and_saved_in_chromium(new_page, login, coordinator, calais, language):
    day = timezone.localdate() + timedelta(days=5)
    shift = _busy_day(calais, day)[0]
    page = _open(new_page, login, coordinator, language)
    page.goto(f"/roster/calais/shift/{shift.pk}/edit/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("input[name=day]").input_value() == day.isoformat()
    assert page.locator("input[name=start_time]").input_value() == "09:00"
    page.locator("input[name=capacity]").fill("7")
    _shot(page, f"shift-edit-{language}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    shift.refresh_from_db()
    assert shift.capacity == 7
    assert page.url.endswith(f"#shift-{shift.pk}")
    assert no_horizontal_scroll(page)


def test_the_week_creation_form_starts_today_in_french(new_page, login, coordinator, calais):
    page = _open(new_page, login, coordinator, "fr")
    page.goto("/roster/calais/")
    assert page.locator("input[name=start]").input_value() == timezone.localdate().isoformat()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_after_an_action_the_coordinator_is_back_at_the_person(
    new_page, login, axe_check, coordinator, calais, language
):
    day = timezone.localdate() + timedelta(days=1)
    shifts = _busy_day(calais, day)
    last = shifts[-1].signups.order_by("pk").last()
    page = _open(new_page, login, coordinator, language)
    page.goto(f"/roster/calais/{day.isoformat()}/")
    assert no_horizontal_scroll(page)
    axe_check(page)
    _shot(page, f"day-{language}")
    page.locator(f"#signup-{last.pk} a.roster-act").click()
    page.wait_for_load_state()
    assert no_horizontal_scroll(page)
    axe_check(page)
    _shot(page, f"signup-{language}")
    page.locator("textarea[name=note]").fill("Brings the van")
    with page.expect_navigation():
        page.locator("main form").filter(has=page.locator("textarea")).locator("button").click()
    assert page.url.endswith(f"#signup-{last.pk}")
    assert page.evaluate("() => window.scrollY") > 300  # not the top of the page
    row = page.locator(f"#signup-{last.pk}")
    assert row.is_visible() and "Brings the van" in row.inner_text()
    box = row.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    assert no_horizontal_scroll(page)


def test_a_no_show_does_not_look_present(new_page, login, coordinator, calais):
    mission = MissionFactory(site=calais, name="Day maraude", slug="day-maraude")
    starts_at = timezone.now() - timedelta(hours=1)
    shift = ShiftFactory(mission=mission, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), capacity=2)
    signup = SignupFactory(
        shift=shift, status=Signup.Status.CONFIRMED, attendance=Signup.Attendance.NO_SHOW, volunteer=VolunteerFactory()
    )
    page = new_page()
    login(page, "colette@example.org", PASSWORD)
    page.goto(f"/roster/calais/signup/{signup.pk}/")
    present = page.get_by_role("button", name=re.compile("present", re.I))
    no_show = page.get_by_role("button", name=re.compile("no-show", re.I))
    assert present.get_attribute("aria-pressed") == "false" and no_show.get_attribute("aria-pressed") == "true"
    present_bg = present.evaluate("el => getComputedStyle(el).backgroundColor")
    no_show_bg = no_show.evaluate("el => getComputedStyle(el).backgroundColor")
    assert present_bg != no_show_bg  # the unchosen one is plain, the chosen one filled, with a mark in its text
    assert no_show.inner_text().startswith("✗")
    _shot(page, "no-show")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_week_reads_day_by_day_on_a_phone(new_page, login, axe_check, coordinator, calais, language):
    _busy_day(calais, timezone.localdate() + timedelta(days=1))
    page = _open(new_page, login, coordinator, language)
    page.goto("/roster/calais/")
    assert page.locator(".week-days").is_visible() and not page.locator(".week-grid").is_visible()
    assert page.locator(".week-days > li").count() == 7
    assert no_horizontal_scroll(page)
    axe_check(page)
    _shot(page, f"week-{language}")
    wide = _open(new_page, login, coordinator, language, viewport={"width": 1280, "height": 800})
    wide.goto("/roster/calais/")
    assert wide.locator(".week-grid").is_visible() and not wide.locator(".week-days").is_visible()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_numbers_draw_their_bars(new_page, login, coordinator, calais, language):
    _busy_day(calais, timezone.localdate() - timedelta(days=3))
    page = _open(new_page, login, coordinator, language)
    page.goto("/roster/calais/stats/")
    widths = page.locator("rect.chart-bar").evaluate_all(
        "bars => bars.map(b => b.getBBox().width * b.getBBox().height)"
    )
    assert widths and sum(1 for area in widths if area > 0) >= 3
    labels = page.locator("text.chart-label").evaluate_all("texts => texts.map(t => t.textContent)")
    whole = "Entrepôt : tri des dons" if language == "fr" else "Warehouse: sorting donations"
    assert whole in labels
    assert no_horizontal_scroll(page)
    _shot(page, f"stats-{language}")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_ask_for_help_asks_first_on_a_phone(new_page, login, axe_check, coordinator, calais, language):
    shift = _busy_day(calais, timezone.localdate() + timedelta(days=2))[0]
    for _ in range(2):
        VolunteerFactory(urgent_calls=True)
    page = _open(new_page, login, coordinator, language)
    page.goto(f"/roster/calais/{shift.local_starts_at.date().isoformat()}/#shift-{shift.pk}")
    with page.expect_navigation():
        page.locator(f"#shift-{shift.pk} a[href$='/ask-for-help/']").click()
    assert no_horizontal_scroll(page)
    axe_check(page)
    _shot(page, f"ask-for-help-{language}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith(f"#shift-{shift.pk}")
    card = page.locator(f"#shift-{shift.pk}")
    assert "Colette C." in card.inner_text()
    _shot(page, f"after-help-{language}")


def test_the_assign_search_on_a_phone(new_page, login, axe_check, coordinator, calais):
    shift = _busy_day(calais, timezone.localdate() + timedelta(days=2))[0]
    VolunteerFactory(first_name="Sabine", last_name="Stranger", languages=["de"], phone="+33677889900")
    page = _open(new_page, login, coordinator, "fr")
    page.goto(f"/roster/calais/shift/{shift.pk}/assign/?q=sabine")
    assert "Sabine S." in page.locator("main").inner_text()
    assert "77 88 99 00" not in page.content()
    assert no_horizontal_scroll(page)
    axe_check(page)
    _shot(page, "assign-fr")
