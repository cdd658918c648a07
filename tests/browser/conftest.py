"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Fixtures and helpers for every end-to-end test:
- `page`: a fresh browser context and tab (phone-sized by default), screenshot kept on failure;
  `phone_page` / `desktop_page` for an explicit viewport; `new_page(**context_options)` for more.
- `axe_check(page)`: runs the vendored axe-core and fails on serious or critical violations.
- `login(page, email, password)`: logs in through the real allauth form.
- `url(path)`: the live server's address for a path.

Tests here need `@pytest.mark.browser` and `@pytest.mark.django_db(transaction=True)` (the live server
runs in another thread and must see the test's rows). Playwright never downloads a browser: it is
always pointed at the system's Chromium (`make browser` installs it).
"""

import os
import re
from pathlib import Path

import pytest
from django.db import connections

from tests.browser.helpers import CHROMIUM_ARGS, DESKTOP, PHONE, TIMEOUT_MS, axe_check, chromium_path, login

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item so fixtures can tell, at teardown, that the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# Module scope, not session: another module may start its own sync Playwright (one per thread at a
# time), and ours is stopped before pytest moves on to the next module.
@pytest.fixture(scope="module")
def _playwright():
    from playwright.sync_api import sync_playwright

    # Set again here: a test elsewhere may have removed it after its own Playwright run.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(_playwright):
    executable = chromium_path()
    if executable is None:
        # A test using this fixture without the `browser` marker must not skip silently in CI either.
        if os.environ.get("CI"):
            pytest.fail("CI is set but Debian's chromium is not installed", pytrace=False)
        pytest.skip("Debian's chromium is not installed")
    browser = _playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("tests/browser/")[-1])[:150]


@pytest.fixture
def new_page(request, browser, live_server):
    """Factory: new_page(viewport={...}, locale="fr-FR", ...) opens a tab in a fresh context."""
    contexts = []

    def open_page(**options):
        options.setdefault("viewport", PHONE)
        options.setdefault("locale", "en-GB")
        options.setdefault("base_url", live_server.url)
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page

    failed = any(getattr(request.node, f"report_{when}", None) and getattr(request.node, f"report_{when}").failed
                 for when in ("setup", "call"))  # fmt: skip
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for index, context in enumerate(contexts):
            for tab, page in enumerate(context.pages):
                name = _artifact_name(request.node.nodeid)
                try:
                    page.screenshot(path=str(ARTIFACTS / f"{name}-{index}-{tab}.png"), full_page=True)
                    (ARTIFACTS / f"{name}-{index}-{tab}.html").write_text(page.content())
                except Exception as error:  # a failed screenshot must not hide the failure
                    print(f"could not save the failure screenshot: {error}")
    for context in contexts:
        context.close()
    # ORM calls made beside Playwright's event loop may have opened their own connection: close it, or
    # the test database cannot be dropped at the end of the run.
    connections.close_all()


@pytest.fixture
def page(new_page):
    """A phone-sized tab (360x740): utopia is phone first."""
    return new_page(viewport=PHONE)


@pytest.fixture
def phone_page(new_page):
    return new_page(viewport=PHONE)


@pytest.fixture
def desktop_page(new_page):
    return new_page(viewport=DESKTOP)


@pytest.fixture
def url(live_server):
    def build(path: str) -> str:
        return live_server.url + path

    return build


@pytest.fixture(name="axe_check")
def _axe_check_fixture():
    return axe_check


@pytest.fixture(name="login")
def _login_fixture():
    return login
