"""Pages over a weak signal: HTML goes gzipped to a browser that asks for it, and what polls with an ETag (the
calendar feed) still gets its 304 through the compressed answer's weakened ETag."""

import gzip
import pathlib
import re
from datetime import date, time

import pytest
from django.conf import settings

from shifts import services
from tests.factories import ShiftFactory, local_dt

pytestmark = pytest.mark.django_db


def _without_tokens(html: str) -> str:
    # The CSRF token is masked afresh in every response (what keeps BREACH from guessing it through compression).
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "<token>", html)


def test_a_page_answers_gzip_when_asked(client, mission):
    plain = client.get("/")
    packed = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert _without_tokens(gzip.decompress(packed.content).decode()) == _without_tokens(plain.text)
    assert len(packed.content) < len(plain.content) / 2
    assert _tokens(plain.text) and _tokens(plain.text).isdisjoint(_tokens(gzip.decompress(packed.content).decode()))


def _tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def test_a_logged_in_page_is_compressed_too(client, volunteer):
    client.force_login(volunteer)
    response = client.get("/me/shifts/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)


def test_the_compressed_feed_still_answers_304_to_its_etag(client, mission, volunteer):
    services.sign_up(
        volunteer=volunteer, shift=ShiftFactory(mission=mission, starts_at=local_dt(date(2031, 1, 6), time(8)))
    )
    url = f"/calendar/{volunteer.calendar_token}.ics"
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200 and first["Content-Encoding"] == "gzip"
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_every_script_is_deferred():
    """No script holds up the first paint (htmx and its config included: deferred scripts still run in order)."""
    templates = pathlib.Path(settings.BASE_DIR) / "templates"
    blocking = [
        f"{path.relative_to(templates)}: {tag}"
        for path in templates.rglob("*.html")
        # Swagger UI's page loads its bundles at the end of the body, after everything it shows.
        if path.name != "swagger_ui.html"
        for tag in re.findall(
            r"<script\b[^>]*>", re.sub(r"{% comment %}.*?{% endcomment %}", "", path.read_text(), flags=re.S)
        )
        if " defer" not in tag
    ]
    assert blocking == []


def test_the_api_docs_page_describes_itself(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert re.search(r'<meta name="description" content="[^"]*read-only API', response.text)
