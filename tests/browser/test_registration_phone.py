"""Registration and /me/ on a phone (360 px), in French and English: seven inputs to register, compact languages
on /me/, the error summary at the top (focused, linking to each field), no sideways scroll, no serious axe
finding."""

import pytest

from tests.browser.helpers import PHONE, axe_check, login, no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_registration_on_a_phone(new_page, language):
    page = new_page(viewport=PHONE, locale="fr-FR" if language == "fr" else "en-GB")
    page.goto("/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == language
    # Seven things asked, nothing more: the rest waits on /me/ or for the shift that needs it.
    assert page.locator("main form input:visible, main form select:visible").count() == 6  # + the charter if any
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 2000, height
    assert no_horizontal_scroll(page)
    axe_check(page)

    # Everything the browser checks is right; only the server knows the person is under 18.
    page.fill("input[name=first_name]", "Maria")
    page.fill("input[name=last_name]", "Schmidt")
    page.fill("input[name=email]", "maria@example.org")
    page.fill("input[name=password1]", "a-long-enough-passphrase")
    page.fill("input[name=birth_date]", "2015-01-01")
    page.fill("input[name=phone]", "06 11 22 33 44")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("() => document.activeElement && document.activeElement.hasAttribute('data-error-summary')")
    assert summary.bounding_box()["y"] < 700  # at the top, in the first screen
    summary.locator("a[href='#id_birth_date']").click()
    assert page.evaluate("() => location.hash") == "#id_birth_date"
    assert no_horizontal_scroll(page)
    axe_check(page)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_profile_on_a_phone(new_page, volunteer, language):
    volunteer.preferred_language = language
    volunteer.languages = ["fr", "ti"]
    volunteer.save()
    # Logging in keeps the language of the page the person logged in from.
    page = new_page(viewport=PHONE, locale="fr-FR" if language == "fr" else "en-GB")
    login(page, "vera@example.org", "correct-horse-battery")
    page.goto("/me/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".more-languages[open]").count() == 1  # Tigrinya is chosen: its list is open
    assert page.locator(".languages input[type=checkbox]:visible").count() == 14
    assert page.locator("input[name=signup_confirmations]").is_checked()
    assert no_horizontal_scroll(page)
    axe_check(page)

    page.fill("input[name=last_name]", "")
    page.evaluate("() => document.querySelectorAll('form').forEach((form) => { form.noValidate = true; })")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator("[data-error-summary] a[href='#id_last_name']").is_visible()
    axe_check(page)
