"""The account pages on a 360 px phone screen, in Debian's Chromium."""

import pytest
from django.db import connections

from volunteers.models import Volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(live_server, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 360, "height": 740}, locale="en-GB")
        yield page
        browser.close()
        # Inside Playwright's event loop the ORM gets a connection of its own (asgiref's context
        # locals): close it here, or the test database cannot be dropped at the end.
        connections.close_all()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_newcomer_registers_on_a_phone(phone, live_server):
    phone.goto(f"{live_server.url}/accounts/signup/")
    assert no_horizontal_scroll(phone)
    phone.get_by_label("First name").fill("Amina")
    phone.get_by_label("Last name").fill("Haddad")
    phone.get_by_label("Email").fill("amina@example.org")
    phone.get_by_label("Password", exact=True).fill("a-long-enough-passphrase")
    phone.get_by_label("Date of birth").fill("1995-04-03")
    phone.get_by_label("Mobile phone").fill("06 11 22 33 44")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Create my account").click()

    assert phone.url == f"{live_server.url}/"
    person = Volunteer.objects.get(email="amina@example.org")
    assert person.languages == ["en"]  # the page's language; the others are added on /me/
    assert str(person.phone) == "+33611223344"


def test_an_under_18_sees_why_on_a_phone(phone, live_server):
    phone.goto(f"{live_server.url}/accounts/signup/")
    phone.get_by_label("First name").fill("Leo")
    phone.get_by_label("Last name").fill("Young")
    phone.get_by_label("Email").fill("leo@example.org")
    phone.get_by_label("Password", exact=True).fill("a-long-enough-passphrase")
    phone.get_by_label("Date of birth").fill("2015-01-01")
    phone.get_by_label("Mobile phone").fill("06 11 22 33 44")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Create my account").click()

    assert "18 or older" in phone.locator("#id_birth_date_error").inner_text()
    assert no_horizontal_scroll(phone)
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/"])
def test_entrance_pages_fit_a_phone(phone, live_server, path):
    phone.goto(f"{live_server.url}{path}")
    assert no_horizontal_scroll(phone)
