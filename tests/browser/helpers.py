"""Helpers for the browser tests, importable by any test module: `from tests.browser.helpers import login`."""

import json
import os
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
AXE_SOURCE = HERE / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
TIMEOUT_MS = 15_000


def chromium_path() -> str | None:
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def run_axe(page, *, impacts=("serious", "critical")) -> list[dict]:
    """The axe-core violations of the given impacts on the page as it is now."""
    # evaluate() runs through the DevTools protocol, so a strict Content-Security-Policy does not block it.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text())
    results = page.evaluate(
        """async () => await window.axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
            resultTypes: ["violations"],
        })"""
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
        if violation["impact"] in impacts
    ]


def axe_check(page) -> None:
    """Fails the test with a readable list when axe-core finds serious or critical violations."""
    violations = run_axe(page)
    assert violations == [], f"axe-core on {page.url}:\n" + json.dumps(violations, indent=2)


def login(page, email: str, password: str) -> None:
    """Logs in through the real login form and waits for the page after it."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    assert "/accounts/login/" not in page.url, "login failed: still on the login page"


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def wait_until(page, predicate, *, timeout_ms: int = TIMEOUT_MS, message: str = "") -> None:
    """Polls a Python predicate (a database row, usually) while the page works, htmx or full reload."""
    waited = 0
    while not predicate():
        if waited >= timeout_ms:
            raise AssertionError(message or f"gave up waiting on {page.url}")
        page.wait_for_timeout(100)
        waited += 100
