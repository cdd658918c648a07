"""Page fragments the same for everyone who may see the page, kept in the cache until what they show changes.

A fragment's key holds a generation (a random value). Any saved or deleted shift, sign-up, mission, site, closure or
person bumps it (shifts/apps.py connects the signals; bulk writes, which send none, call `bump()`
themselves), so the next request renders afresh. The bump happens at once and again when the transaction
commits: a page rendered between the two, from data not yet committed, is thrown away by the second. A
short expiry bounds what a missed bump could ever cost and moves time windows ("the next three days") along.

Fragments of one person's own pages (my shifts, their calendar feed) are keyed instead on that person's
generation and on the catalogue's (sites, missions, closures). A person's generation moves when one of their
sign-ups, the shifts they are on, their waiting lists or their profile change (the signal receivers below
work out whom a row concerns, once the transaction commits), so other people's sign-ups elsewhere do not
throw their pages away.

A fragment must never hold a CSRF token or anything about the viewer that is not in its key: callers put
those in afterwards (see views.shift_list and roster_views.day). When the cache is down, or is one per
process (no REDIS_URL in production: settings.KEEP_FRAGMENTS), pages render every time.
"""

import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

GENERATION_KEY = "fragments:generation"  # every fragment
CATALOG_KEY = "fragments:catalog"  # sites, missions, closures: what everyone's pages show
EXPIRY_S = 30


def _person_key(person_id: int) -> str:
    return f"fragments:person:{person_id}"


def _generations(*keys: str) -> list[str] | None:
    """The current value of each generation key (made on first use); None when the cache does not answer."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, secrets.token_hex(8), timeout=None)
        found = cache.get_many(keys)
    if len(found) != len(keys):
        return None
    return [found[key] for key in keys]


def _renew(keys: list[str]) -> None:
    # New random values rather than increments: one round trip, and any change of value is enough.
    cache.set_many({key: secrets.token_hex(8) for key in keys}, timeout=None)


def bump(*, catalog: bool = True, people: Iterable[int] = ()) -> None:
    """Forget every shared fragment, and the catalogue's or some people's own: now, and again once the
    current transaction (if any) commits. Without arguments (after bulk writes): everything but people."""
    if not settings.KEEP_FRAGMENTS:
        return
    keys = [GENERATION_KEY] + ([CATALOG_KEY] if catalog else []) + [_person_key(pk) for pk in set(people)]
    _renew(keys)
    transaction.on_commit(lambda: _renew(keys))


def current_key(name: str) -> str | None:
    """Where the shared fragment `name` in the active language is kept now; None when nothing is kept (the
    cache is down, or is not shared by every process: settings.KEEP_FRAGMENTS)."""
    if not settings.KEEP_FRAGMENTS:
        return None
    generations = _generations(GENERATION_KEY)
    return None if generations is None else f"fragments:{name}:{get_language()}:{generations[0]}"


def personal_key(name: str, person_id: int) -> str | None:
    """Where the fragment `name` of one person's own page, in the active language, is kept now."""
    if not settings.KEEP_FRAGMENTS:
        return None
    generations = _generations(CATALOG_KEY, _person_key(person_id))
    if generations is None:
        return None
    return f"fragments:{name}:{person_id}:{get_language()}:{':'.join(generations)}"


# Signal receivers (shifts/apps.py): cache upkeep only, no rule of the domain lives here.


def forget(sender, **kwargs) -> None:
    """A site, mission or closure was saved or deleted: everyone's pages may show it."""
    bump()


# Saved on every login, and shown on no page.
_UNSHOWN_PERSON_FIELDS = {"last_login", "last_activity_at"}


def forget_person(sender, instance, update_fields=None, **kwargs) -> None:
    """A person was saved: names and phones on shared pages, and their own pages."""
    if update_fields and set(update_fields) <= _UNSHOWN_PERSON_FIELDS:
        return
    bump(catalog=False, people=[instance.pk])


def forget_signup(sender, instance, **kwargs) -> None:
    """A sign-up was saved or deleted: its person's pages, and the places of everyone waiting for its shift.

    Those waiting are looked up once the transaction commits: not while the services hold the shift's lock,
    and their places have not moved for anyone to see before then."""
    if not settings.KEEP_FRAGMENTS:
        return
    bump(catalog=False, people=[instance.volunteer_id])
    transaction.on_commit(lambda: _renew_people_on(instance.shift_id, waiting_only=True))


def forget_shift(sender, instance, **kwargs) -> None:
    """A shift was saved or deleted: the pages of everyone on it (looked up once the transaction commits)."""
    if not settings.KEEP_FRAGMENTS:
        return
    bump(catalog=False)
    transaction.on_commit(lambda: _renew_people_on(instance.pk, waiting_only=False))


def _renew_people_on(shift_id: int, *, waiting_only: bool) -> None:
    from .models import Signup

    people = Signup.objects.filter(shift_id=shift_id)
    if waiting_only:
        people = people.filter(status=Signup.Status.WAITLISTED)
    keys = [_person_key(pk) for pk in set(people.values_list("volunteer_id", flat=True))]
    if keys:
        _renew(keys)


def _kept(key: str | None, build: Callable[[], Any]) -> Any:
    if key is None:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, EXPIRY_S)
    return value


def cached(name: str, build: Callable[[], Any]) -> Any:
    """The shared value `name` in the active language, from the cache or from `build()` (anything picklable)."""
    return _kept(current_key(name), build)


def cached_for(person_id: int, name: str, build: Callable[[], Any]) -> Any:
    """The value `name` of one person's own page, in the active language, from the cache or from `build()`."""
    return _kept(personal_key(name, person_id), build)


def cached_html(name: str, render: Callable[[], str]) -> SafeString:
    """The shared HTML fragment `name` in the active language, from the cache or from `render()`."""
    return mark_safe(cached(name, render))  # noqa: S308  # nosec B308 B703  # HTML our own templates rendered
