"""The stay pages on a 360 px phone, in French and English, with no serious accessibility finding."""

from datetime import timedelta

import pytest

from stays import services
from tests.browser.helpers import no_horizontal_scroll
from tests.factories import AccommodationFactory
from tests.stays.conftest import ARRIVAL, working

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_stay_pages_fit_a_phone_and_pass_axe(new_page, axe_check, login, coordinator, calais, mission, locale):
    AccommodationFactory(site=calais, beds=4)
    working(coordinator, mission, ARRIVAL, 2)
    stay = services.plan_stay(
        volunteer=coordinator, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=2), needs_bed=True
    )
    page = new_page(locale=locale)
    login(page, "colette@example.org", "correct-horse-battery")
    for path in (
        "/me/stays/plan/calais/",
        f"/me/stays/{stay.pk}/",
        f"/roster/calais/stays/?day={ARRIVAL.isoformat()}",
    ):
        page.goto(path)
        assert page.locator("main h1").count() == 1, path
        assert no_horizontal_scroll(page), path
        axe_check(page)


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_the_coordinators_stays_page_is_cards_on_a_phone_and_a_table_on_a_wide_screen(
    new_page, login, coordinator, calais, mission, volunteer, locale, tmp_path
):
    AccommodationFactory(site=calais, name="Bungalows", beds=4)
    for person in (coordinator, volunteer):
        working(person, mission, ARRIVAL, 2)
        services.plan_stay(
            volunteer=person, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=2), needs_bed=True
        )
    page = new_page(locale=locale)
    login(page, "colette@example.org", "correct-horse-battery")
    page.goto(f"/roster/calais/stays/?day={ARRIVAL.isoformat()}")
    assert no_horizontal_scroll(page)
    # No header row on a phone: each person is a card, each value under its own label.
    assert page.locator(".card-table thead").first.bounding_box()["height"] <= 1
    card = page.locator(".card-table tbody tr").first
    box = card.bounding_box()
    assert box["width"] > 280  # a card across the phone, not a squeezed table row
    label = page.locator(".card-table td[data-label]").first
    before = label.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert before.strip('"').endswith(": ")
    page.screenshot(path=str(tmp_path / f"stays-cards-{locale}.png"), full_page=True)
    # "The week ahead" opens the stays' week on this page.
    page.get_by_role("link", name="The week ahead" if locale == "en-GB" else "La semaine à venir").click()
    assert page.url.endswith("#week")
    assert page.locator("#week li").count() == 7

    wide = new_page(locale=locale, viewport={"width": 1280, "height": 800})
    login(wide, "colette@example.org", "correct-horse-battery")
    wide.goto(f"/roster/calais/stays/?day={ARRIVAL.isoformat()}")
    assert wide.locator(".card-table thead").first.bounding_box()["height"] > 20
