import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_language_switch_turns_the_home_page_french_and_back(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Help refugees in northern France and Paris"

    with page.expect_navigation():
        page.get_by_role("button", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Aider les personnes réfugiées" in page.get_by_role("heading", level=1).inner_text()

    # Remembered on the next page.
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("button", name="English").is_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.url.endswith("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Help refugees in northern France and Paris"


def test_language_switch_works_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"
