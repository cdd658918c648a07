import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def test_pages_carry_a_strict_content_security_policy(client):
    call_command("seed_sites")
    response = client.get("/")
    assert response.status_code == 200
    policy = csp(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no nonce unless a template asked for one
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_page_has_an_inline_script_or_style(client):
    call_command("seed_sites")
    body = client.get("/").text
    assert "<script>" not in body
    assert " style=" not in body


def test_admin_still_works_under_the_policy(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/shifts/shift/add/")
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    # Django 5.2's admin loads its JavaScript from files, which 'self' allows.
    assert "<script>" not in response.text
    assert 'src="/static/admin/js/' in response.text


def test_a_nonce_is_added_only_when_a_page_uses_it(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    def view(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    request = rf.get("/")
    response = CSPMiddleware(view)(request)
    assert f"'nonce-{request.csp_nonce}'" in response["Content-Security-Policy"]
