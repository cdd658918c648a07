"""The API's documentation page (Swagger UI from the sidecar package) renders under the site's strict CSP."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIOLATIONS = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def test_swagger_ui_renders_every_endpoint_without_a_policy_violation(new_page, calais):
    page = new_page(viewport={"width": 1200, "height": 900})
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(VIOLATIONS)
    page.goto("/api/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=15000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/v1/sites/", "/api/v1/needs/", "/api/v1/shifts/"} <= {path.replace("\u200b", "") for path in paths}
    # "Try it out" on the sites: the request goes to this host and answers.
    page.locator(".opblock-summary-path", has_text="/api/v1/sites/").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.wait_for_selector(".live-responses-table tr.response .response-col_status", timeout=15000)
    assert "200" in page.locator(".live-responses-table tr.response .response-col_status").first.inner_text()
    assert page.evaluate("window.__violations") == []
    assert not [text for text in console if "Content Security Policy" in text]
