"""Odd strings, huge numbers, HTML and script at every page's query parameters and every form found.

Pages are found by walking the URL resolver (admin aside); path arguments are filled with real ids,
slugs, dates and tokens, and a route whose arguments cannot be filled is skipped. Forms are found by
reading each page's HTML. Nothing may answer 5xx, and the script payload never comes back unescaped.
"""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shifts import services
from sites.models import Mission
from tests.factories import ShiftFactory

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script>"
# Days at the edges of what Python and PostgreSQL hold: one day more overflows (OverflowError, a 500).
EXTREME_DATES = ["9999-12-31", "9999-12-25", "0001-01-01", "0001-01-02", "1999-12-31", "2101-01-01"]
PARAMETERS = ["page", "q", "site", "mission", "day", "date", "start", "end", "status", "next", "sort", "week", "format"]
ODD_VALUES = st.one_of(
    st.just(PAYLOAD),
    st.just('"><img src=x onerror=alert(1)>'),
    st.text(max_size=40),
    st.integers().map(str),
    st.just("9" * 40),
    st.just("-1"),
    st.just("0"),
    st.just("2026-02-30"),
    st.just("../../etc/passwd"),
    st.just("%00"),
    st.just("a\x00b"),  # PostgreSQL refuses NUL in text: a view must not pass it to a query unchecked
    st.just("' OR 1=1 --"),
    st.just("\u202e\ufeff😀"),
    st.sampled_from(EXTREME_DATES),
)
SKIPPED_ACTIONS = ("logout", "/me/delete/", "/admin/")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _fill(route: str, known: dict[str, str]) -> str | None:
    if "(?P" in route or route.startswith("admin/") or route.startswith("^"):
        return None

    def value(match):
        name = match.group(2)
        for key, filler in known.items():
            if key == name or name.endswith(key):
                return filler(route) if callable(filler) else filler
        raise LookupError(name)

    try:
        return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    except LookupError:
        return None


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.forms.append({"action": attrs.get("action") or "", "fields": set()})
        elif tag in {"input", "select", "textarea", "button"} and self.forms and attrs.get("name"):
            self.forms[-1]["fields"].add(attrs["name"])


def _known(volunteer, shift, signup, start) -> dict:
    return {
        "volunteer_pk": str(volunteer.pk),
        "volunteer_id": str(volunteer.pk),
        "signup_pk": str(signup.pk),
        "signup_id": str(signup.pk),
        "shift_pk": str(shift.pk),
        "shift_id": str(shift.pk),
        "pk": lambda route: str(volunteer.pk if route.startswith("volunteers/") else shift.pk),
        "id": str(shift.pk),
        "slug": "calais",
        "site": "calais",
        "day": (start.date()).isoformat(),
        "date": (start.date()).isoformat(),
        "token": volunteer.calendar_token,
        "year": str(start.year),
        "month": str(start.month),
    }


@pytest.fixture
def pages(client, admin_user, volunteer):
    call_command("seed_sites")
    mission = Mission.objects.get(site__slug="calais", slug="warehouse-sorting")
    start = timezone.now() + timedelta(days=2)
    shift = ShiftFactory(mission=mission, starts_at=start, ends_at=start + timedelta(hours=3))
    # Through the rules, so the shift's confirmed_count matches the confirmed row (a factory would not).
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    known = _known(volunteer, shift, signup, start)
    urls = sorted({url for route in _routes(get_resolver().url_patterns) if (url := _fill(route, known))})
    forms = set()
    # Anonymous first (login, signup), then as an admin, who may see every page.
    for logged_in in (False, True):
        if logged_in:
            client.force_login(admin_user)
        for url in urls:
            response = client.get(url)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                parser = _Forms()
                parser.feed(response.content.decode(errors="replace"))
                for form in parser.forms:
                    action = form["action"] or url
                    if not any(skipped in action for skipped in SKIPPED_ACTIONS):
                        forms.add((action, tuple(sorted(form["fields"] - {"csrfmiddlewaretoken"}))))
    client.extreme_day_urls = sorted(
        {
            url
            for route in _routes(get_resolver().url_patterns)
            if "day>" in route or "date>" in route
            for day in EXTREME_DATES
            if (url := _fill(route, {**known, "day": day, "date": day}))
        }
    )
    return client, urls, sorted(forms)


def check(response):
    assert response.status_code < 500, (response.status_code, response.request)
    if "html" in response.get("Content-Type", ""):
        assert PAYLOAD not in response.content.decode(errors="replace"), response.request


def test_the_walk_finds_the_pages_and_forms(pages):
    _, urls, forms = pages
    assert "/" in urls
    assert "/accounts/login/" in urls
    assert "/accounts/signup/" in urls
    # The language switch in the header is on every page; allauth's login and signup are found too.
    actions = {action for action, _ in forms}
    assert {"/i18n/setlang/", "/accounts/login/", "/accounts/signup/"} <= actions


def test_extreme_days_in_paths_never_break_a_page(pages):
    client, _, _ = pages
    assert any(url.startswith("/roster/calais/9999-12-31/") for url in client.extreme_day_urls)
    for url in client.extreme_day_urls:
        for suffix in ("", "?print=1"):
            check(client.get(url + suffix))


def test_extreme_days_in_every_form_never_break_a_page(pages):
    client, _, forms = pages
    dated = [(action, fields) for action, fields in forms if {"day", "date", "start", "birth_date"} & set(fields)]
    assert any("/edit/" in action for action, _ in dated)  # the shift edit form is among them
    for action, fields in dated:
        for day in EXTREME_DATES:
            values = {name: day for name in fields}
            values.update({"start_time": "08:00", "end_time": "07:00", "capacity": "3", "days": "90"})
            check(client.post(action, {name: value for name, value in values.items() if name in fields}))


def test_every_page_escapes_the_script_in_every_parameter(pages):
    client, urls, _ = pages
    for url in urls:
        check(client.get(url, {name: PAYLOAD for name in PARAMETERS}))
        check(client.get(url, {name: "a\x00b" for name in PARAMETERS}))
        check(client.get(url, {name: "9" * 40 for name in PARAMETERS}))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_odd_query_parameters_never_break_a_page(pages, data):
    client, urls, _ = pages
    url = data.draw(st.sampled_from(urls))
    names = st.one_of(st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=10))
    params = data.draw(st.dictionaries(names, ODD_VALUES, min_size=1, max_size=4))
    check(client.get(url, params))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_odd_form_posts_never_break_a_page(pages, data):
    client, _, forms = pages
    action, fields = data.draw(st.sampled_from(forms))
    values = {name: data.draw(ODD_VALUES, label=name) for name in fields}
    if fields:
        values[fields[0]] = PAYLOAD
    check(client.post(action, values))


def test_allauth_signup_and_login_escape_what_they_echo(client):
    response = client.post("/accounts/signup/", {"email": PAYLOAD, "password1": PAYLOAD, "password2": "x"})
    check(response)
    response = client.post("/accounts/login/", {"login": PAYLOAD, "password": PAYLOAD})
    check(response)
