"""The sign-up button in a real browser: htmx swaps it in place, and the pages fit a 360 px phone."""

import os

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from shifts.models import Signup
from tests.factories import ShiftFactory
from tests.shifts.helpers import fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server, volunteer):
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    client = Client()
    client.force_login(volunteer)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


# The test body runs beside Playwright's event loop, in its own context and so with its own database
# connection: each test closes it (try/finally), or the test database cannot be dropped at the end.


def test_sign_up_and_cancel_swap_the_button_in_place(page, mission, volunteer):
    try:
        _sign_up_and_cancel(page, mission, volunteer)
    finally:
        connections.close_all()


def _sign_up_and_cancel(page, mission, volunteer):
    shift = ShiftFactory(mission=mission, capacity=2)
    page.goto(f"/shifts/{shift.pk}/")
    page.evaluate("window.stillTheSamePage = true")  # a full page load (no htmx) would lose it
    page.get_by_role("button", name="Sign up for this shift").click()
    page.get_by_text("You are booked:").wait_for()
    assert page.url.endswith(f"/shifts/{shift.pk}/")
    assert "1 of 2 people booked" in page.locator(f"#signup-box-{shift.pk}").inner_text()
    assert Signup.objects.get(shift=shift, volunteer=volunteer).status == "confirmed"

    assert page.evaluate("window.stillTheSamePage") is True
    # Cancelling asks first, on a page of its own, then comes back to the shift.
    page.get_by_role("link", name="Cancel my sign-up").click()
    page.get_by_role("button", name="Yes, cancel my sign-up").click()
    page.get_by_text("Your sign-up is cancelled").wait_for()
    assert Signup.objects.get(shift=shift, volunteer=volunteer).status == "cancelled"
    assert page.url.endswith(f"/shifts/{shift.pk}/")
    assert page.errors == []


def test_pages_fit_a_phone_without_horizontal_scroll(page, mission, volunteer):
    try:
        _pages_fit(page, mission, volunteer)
    finally:
        connections.close_all()


def _pages_fit(page, mission, volunteer):
    shift = ShiftFactory(mission=mission, capacity=1)
    fill(shift, confirmed=1)
    fill(shift, waitlisted=1, people=[volunteer])
    for path in ("/", "/shifts/", f"/shifts/{shift.pk}/", "/me/shifts/", "/shifts/?site=nowhere&date=bad"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
    assert page.errors == []
