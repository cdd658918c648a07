import pytest
from django.core.management import call_command

from tests.browser.helpers import no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/no-such-page/"])
def test_no_horizontal_scroll_on_a_phone(page, path):
    call_command("seed_sites", verbosity=0)
    page.goto(path)
    assert page.viewport_size == {"width": 360, "height": 740}
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert no_horizontal_scroll(page)


def test_no_horizontal_scroll_in_french_either(new_page):
    page = new_page(locale="fr-FR")
    call_command("seed_sites", verbosity=0)
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360


def test_header_tap_targets_are_44px_tall(page):
    page.goto("/")
    for element in page.locator("header a, header button").all():
        box = element.bounding_box()
        assert box is not None and box["height"] >= 44, element.inner_text()


def test_skip_link_appears_on_focus_and_moves_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["width"] > 1
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_focus_is_visible(page):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_layout_mirrors_for_right_to_left_languages(page):
    # No RTL language ships yet; flipping dir shows a translator could add one with no CSS change.
    call_command("seed_sites", verbosity=0)
    page.goto("/")
    brand_ltr = page.locator(".brand").bounding_box()
    page.evaluate("() => { document.documentElement.dir = 'rtl'; }")
    brand_rtl = page.locator(".brand").bounding_box()
    assert brand_ltr["x"] < 180 < brand_rtl["x"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360


def test_print_shows_only_the_content(page):
    page.goto("/")
    page.emulate_media(media="print")
    assert not page.locator("header.site-header").is_visible()
    assert not page.locator(".lang-switch").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
