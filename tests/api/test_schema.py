"""The OpenAPI schema: valid, complete (every /api/v1/ route in it), and true: a walk through it calls every
endpoint and checks each answer against the schema it documents."""

import copy
import re

import jsonschema
import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import URLResolver, get_resolver

from store.models import Product, Target
from tests.hardening.test_security_headers import csp

from .conftest import TOMORROW, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def test_the_schema_is_valid_without_a_warning(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert yaml.safe_load(out.read_text())["openapi"].startswith("3.")


def test_the_schema_documents_every_v1_route_and_nothing_else(schema):
    routes = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for route in _routes(get_resolver().url_patterns)
        if route.startswith("api/v1/")
    }
    assert routes == set(schema["paths"])
    assert len(routes) == 6  # the index, sites, needs, shifts, roster, stock


def test_the_api_is_read_only(schema):
    for path, operations in schema["paths"].items():
        assert set(operations) - {"parameters"} == {"get"}, path


def _nullable_to_json_schema(node):
    """OpenAPI 3.0's `nullable: true` as JSON Schema's type list, so jsonschema reads it."""
    if isinstance(node, dict):
        node = {key: _nullable_to_json_schema(value) for key, value in node.items()}
        if node.pop("nullable", False) and "type" in node:
            node["type"] = [node["type"], "null"]
        return node
    if isinstance(node, list):
        return [_nullable_to_json_schema(item) for item in node]
    return node


def _check(schema, body, response_schema):
    document = _nullable_to_json_schema(copy.deepcopy({**response_schema, "components": schema["components"]}))
    jsonschema.Draft202012Validator(document, format_checker=jsonschema.FormatChecker()).validate(body)


def test_walk_the_schema_and_call_every_endpoint(client, schema, calais_token, booked_shift, breakfast):
    # Something the store is short of, so /api/v1/needs/'s `goods` is checked with a row in it.
    socks = Product.objects.create(category="underwear", name="New socks", name_fr="Chaussettes neuves")
    Target.objects.create(site=booked_shift.mission.site, product=socks, level=10)
    values = {"site_slug": "calais", "day": TOMORROW.isoformat()}
    called = []
    for path, operations in schema["paths"].items():
        operation = operations["get"]
        url = re.sub(r"{(\w+)}", lambda match: values[match.group(1)], path)
        secured = any("coordinatorToken" in requirement for requirement in operation.get("security", []))
        headers = bearer(calais_token) if secured else {}
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.content[:300])
        content = operation["responses"]["200"]["content"]["application/json"]["schema"]
        body = response.json()
        _check(schema, body, content)
        if path == "/api/v1/needs/":
            assert [row["name"] for row in body["goods"]] == ["New socks"]
        assert body, url
        if secured:
            assert client.get(url).status_code == 401
        called.append(path)
    assert len(called) == 6


def test_every_operation_says_what_it_does(schema):
    for path, operations in schema["paths"].items():
        operation = operations["get"]
        assert operation.get("summary") and operation.get("description"), path
        assert "200" in operation["responses"], path


def test_the_docs_page_works_under_the_strict_policy(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    policy = csp(response)
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]
    html = response.text
    # Every script and stylesheet is a file on this host: no inline code, nothing from elsewhere.
    assert "<style" not in html and " style=" not in html
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert len(sources) == html.count("<script") == 3
    for url in sources + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
        assert url.startswith("/"), url
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
    script = client.get(sources[-1].replace("&amp;", "&"))
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.text and "SwaggerUIBundle" in script.text


def test_the_walk_would_catch_an_answer_that_breaks_the_schema(schema):
    needs = schema["paths"]["/api/v1/needs/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    with pytest.raises(jsonschema.ValidationError):
        _check(schema, {"date_from": "2030-01-01", "date_to": "2030-01-14", "results": [{"site": "calais"}]}, needs)
