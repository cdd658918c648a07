"""The counting flow in Chromium at 360 px, as a volunteer on a store shift: category, then who-for and size as
big buttons, then a number; the line appears in this shift's list and is taken back with one tap."""

from pathlib import Path

import pytest

from store.models import Movement, Product
from store.selectors import stock_levels
from tests.browser.helpers import no_horizontal_scroll

from .conftest import on_store_shift

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
# Screenshots of each step as tested, for a person to look at (test-artifacts/ is not committed).
SHOTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "store"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_volunteer_counts_a_sorted_bag_and_takes_it_back(new_page, login, axe_check, calais, store_mission, language):
    Product.objects.create(category="shoes", name="Trainers", name_fr="Baskets", gender="men", size="42")
    trainers = Product.objects.create(category="shoes", name="Trainers", name_fr="Baskets", gender="men", size="43")
    person, _shift = on_store_shift(store_mission)
    person.preferred_language = language
    person.save()
    page = new_page(locale="fr-FR" if language == "fr" else "en-GB")
    login(page, person.email, PASSWORD)

    page.goto("/store/calais/")
    assert page.locator("html").get_attribute("lang") == language
    page.get_by_role("link", name="Chaussures" if language == "fr" else "Shoes").click()
    _shot(page, f"1-category-{language}")
    size = page.get_by_role("link", name="43")
    assert size.bounding_box()["height"] >= 44  # a thumb's target
    size.click()
    page.locator("#sorted-quantity").fill("7")
    assert no_horizontal_scroll(page)
    _shot(page, f"2-number-{language}")
    axe_check(page)
    with page.expect_navigation():
        page.locator("#sorting form button[type=submit]").click()

    assert stock_levels(calais)[trainers.pk]["storage"] == 7
    counts = page.locator(".store-counts li")
    assert counts.count() == 1 and "7 × " in counts.first.inner_text() and "43" in counts.first.inner_text()
    _shot(page, f"3-counted-{language}")
    with page.expect_navigation():
        counts.first.get_by_role("button").click()
    assert stock_levels(calais)[trainers.pk]["storage"] == 0
    assert Movement.objects.filter(undoes__isnull=False).count() == 1
    assert no_horizontal_scroll(page)
