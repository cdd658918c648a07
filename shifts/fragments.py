"""Page fragments the same for everyone who may see the page, kept in the cache until what they show changes.

A fragment's key holds a generation (a random value). Any saved or deleted shift, sign-up, mission, site, closure or
person bumps it (shifts/apps.py connects the signals; bulk writes, which send none, call `bump()`
themselves), so the next request renders afresh. The bump happens at once and again when the transaction
commits: a page rendered between the two, from data not yet committed, is thrown away by the second. A
short expiry bounds what a missed bump could ever cost and moves time windows ("the next three days") along.

A fragment must never hold a CSRF token or anything about the viewer: callers put those in afterwards (see
views.shift_list and roster_views.day). When the cache is down, or is one per process (no REDIS_URL in
production: settings.KEEP_FRAGMENTS), pages render every time.
"""

import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

GENERATION_KEY = "fragments:generation"
EXPIRY_S = 30


def _generation() -> str | None:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def _bump_now() -> None:
    # A new random value rather than an increment: one round trip, and any change of value is enough.
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def bump() -> None:
    """Forget every fragment: now, and again once the current transaction (if any) commits."""
    if not settings.KEEP_FRAGMENTS:
        return
    _bump_now()
    transaction.on_commit(_bump_now)


def current_key(name: str) -> str | None:
    """Where the fragment `name` in the active language is kept now; None when nothing is kept (the cache
    is down, or is not shared by every process: settings.KEEP_FRAGMENTS)."""
    if not settings.KEEP_FRAGMENTS:
        return None
    generation = _generation()
    return None if generation is None else f"fragments:{name}:{get_language()}:{generation}"


def forget(sender, **kwargs) -> None:
    """Signal receiver (shifts/apps.py): a row that fragments show was saved or deleted."""
    bump()


def cached(name: str, build: Callable[[], Any]) -> Any:
    """The value `name` in the active language, from the cache or from `build()` (anything picklable)."""
    key = current_key(name)
    if key is None:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, EXPIRY_S)
    return value


def cached_html(name: str, render: Callable[[], str]) -> SafeString:
    """The HTML fragment `name` in the active language, from the cache or from `render()`."""
    return mark_safe(cached(name, render))  # noqa: S308  # nosec B308 B703  # HTML our own templates rendered
