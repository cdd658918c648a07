"""Every named URL reverses to a path that resolves back to it: no page hides another, whatever the order of
the includes. The coordinators' area (/roster/<site-slug>/...) keeps its paths and names."""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern

SAMPLE = {"slug": "calais", "int": 7, "str": "abc", "isoday": "2026-12-08", "day": date(2026, 12, 8), "path": "x/y"}


# Matches the groups of the few regular-expression routes (tokens, keys): letters and digits, 22 of them.
TOKEN = "Abc123def456ghi789jkl0"


def _named(patterns, namespace="", converters=None):
    for pattern in patterns:
        found = dict(converters or {})
        if isinstance(pattern.pattern, RegexPattern):
            found.update(dict.fromkeys(pattern.pattern.regex.groupindex, TOKEN))
        found.update(pattern.pattern.converters)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named(pattern.url_patterns, inner, found)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", found


def _sample(converter) -> object:
    if converter == TOKEN:
        return TOKEN
    name = type(converter).__name__.lower()
    for key in ("isoday", "day", "slug", "int", "path"):
        if key in name:
            return SAMPLE[key]
    return SAMPLE["str"]


def named_urls():
    seen = {}
    for name, converters in _named(get_resolver().url_patterns):
        if name.startswith("admin:") or name.startswith("djdt:"):
            continue
        seen.setdefault(name, {key: _sample(converter) for key, converter in converters.items()})
    return sorted(seen.items())


@pytest.mark.parametrize(("name", "kwargs"), named_urls(), ids=lambda value: value if isinstance(value, str) else "")
def test_every_named_url_resolves_back_to_itself(name, kwargs):
    path = reverse(name, kwargs=kwargs)
    assert resolve(path).view_name == name, path


COORDINATORS_AREA = {
    "roster:week": "",
    "roster:stats": "stats/",
    "roster:generate": "generate/",
    "roster:add_closure": "closures/",
    "roster:day": "2026-12-08/",
    "roster:day_csv": "2026-12-08/csv/",
    "roster:assign": "shift/7/assign/",
    "roster:signup": "signup/7/",
    "roster_stays:stays": "stays/",
    "roster_stays:print": "stays/print/",
    "teams:tonight": "tonight/",
    "onboarding:briefing_waivers": "briefing/",
    "onboarding:set_buddy": "signup/7/buddy/",
    "qualifications:site_checks": "checks/",
    "qualifications:decline_check": "checks/7/decline/",
    "donations:needs": "needs/",
    "donations:need_edit": "needs/7/",
    "donations:offers": "offers/",
    "donations:offer_answer": "offers/7/answer/",
}


@pytest.mark.parametrize(("name", "rest"), sorted(COORDINATORS_AREA.items()))
def test_the_coordinators_pages_keep_their_paths(name, rest):
    kwargs = {"site_slug": "calais"}
    for key, value in (("day", "2026-12-08"), ("shift_id", 7), ("signup_id", 7), ("pk", 7)):
        if f"<{key}>" in _route(name) or key in _route(name):
            kwargs[key] = value
    assert reverse(name, kwargs=kwargs) == f"/roster/calais/{rest}"


def _route(name: str) -> str:
    return str(dict(named_urls())[name])
