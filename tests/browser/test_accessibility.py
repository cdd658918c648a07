import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/no-such-page/"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_serious_axe_violations(new_page, axe_check, path, language):
    call_command("seed_sites", verbosity=0)
    page = new_page(locale={"en": "en-GB", "fr": "fr-FR"}[language])
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == language
    axe_check(page)


def test_no_serious_axe_violations_when_logged_in_on_desktop(new_page, axe_check, login, coordinator):
    page = new_page(viewport={"width": 1280, "height": 800})
    login(page, "colette@example.org", "correct-horse-battery")
    page.goto("/")
    assert page.get_by_role("link", name="Roster").is_visible()
    axe_check(page)


def test_axe_check_catches_a_real_problem(page, axe_check):
    # The helper must be able to fail: an image button without a name is a critical violation.
    page.goto("/")
    page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<button></button>')")
    with pytest.raises(AssertionError, match="button-name"):
        axe_check(page)


@pytest.mark.parametrize("path", ["/shifts/", "/me/", "/me/shifts/", "/roster/calais/", "/roster/calais/stats/"])
def test_no_serious_axe_violations_on_the_pages_people_work_in(new_page, axe_check, login, coordinator, calais, path):
    from tests.factories import MissionFactory, ShiftFactory

    mission = MissionFactory(site=calais)
    for _ in range(3):
        ShiftFactory(mission=mission)
    page = new_page()
    login(page, "colette@example.org", "correct-horse-battery")
    page.goto(path)
    assert page.locator("main h1").count() == 1
    axe_check(page)
