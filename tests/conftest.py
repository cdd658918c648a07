"""Shared fixtures: the named people used everywhere, and the guard for real services.

Tests marked `postgres`, `redis` or `browser` need the real thing. Without it they skip with the
reason, except when CI is set: there a missing service fails the run.
"""

import os
import shutil
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import MissionFactory, SiteFactory, VolunteerFactory

IN_CI = bool(os.environ.get("CI"))


def pytest_configure(config):
    # UTOPIA_TEST_NOW=2026-03-29T01:30 runs the whole suite as if started then (Paris time unless an offset is
    # given), the clock ticking on: how the tests that depend on the hour are found (a test that does pins it).
    start = os.environ.get("UTOPIA_TEST_NOW")
    if start:
        import time_machine

        moment = datetime.fromisoformat(start)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        time_machine.travel(moment, tick=True).start()


def _missing(reason: str):
    if IN_CI:
        pytest.fail(f"CI is set but {reason}", pytrace=False)
    pytest.skip(reason)


def _redis_available() -> bool:
    if not settings.REDIS_URL:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _missing("this test needs PostgreSQL: set DATABASE_URL=postgres://...")
    if item.get_closest_marker("redis") and not _redis_available():
        _missing("this test needs Redis: set REDIS_URL=redis://... to a running server")
    if item.get_closest_marker("browser") and not shutil.which("chromium"):
        _missing("this test needs Debian's chromium (make test installs it when run as root)")


class OwnQueries:
    """The queries a block ran, less the session store's: with Redis a session is read from the cache, without it
    from the database (both setups the README supports), and a page's budget must hold in either."""

    def __init__(self, context: CaptureQueriesContext):
        self._context = context

    @property
    def captured_queries(self) -> list[dict]:
        return [query for query in self._context.captured_queries if '"django_session"' not in query["sql"]]

    def __len__(self) -> int:
        return len(self.captured_queries)


@pytest.fixture
def query_budget():
    """Every query budget in the suite: `with query_budget(8): client.get(url)` fails when the block ran more than
    8 queries of its own (`exactly=` for an exact count); the block's `OwnQueries` can set a later budget."""

    @contextmanager
    def budget(at_most: int | None = None, *, exactly: int | None = None):
        with CaptureQueriesContext(connection) as context:
            own = OwnQueries(context)
            yield own
        count = len(own)
        if (exactly is not None and count != exactly) or (at_most is not None and count > at_most):
            expected = f"exactly {exactly}" if exactly is not None else f"at most {at_most}"
            listing = "\n\n".join(query["sql"] for query in own.captured_queries)
            pytest.fail(f"expected {expected} queries of the page's own, {count} were run:\n\n{listing}")

    return budget


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits live in the cache; every test starts with none used.
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    # A request in French leaves French active in the thread; every test starts in the default language, whatever
    # ran before it (the suite runs in a random order).
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def calais(db):
    return SiteFactory(slug="calais", name="Calais")


@pytest.fixture
def chapelle(db):
    return SiteFactory(slug="porte-de-la-chapelle", name="Porte de la Chapelle (Paris)")


@pytest.fixture
def mission(calais):
    return MissionFactory(site=calais, name="Warehouse sorting", slug="warehouse-sorting")


@pytest.fixture
def volunteer(db):
    return VolunteerFactory(email="vera@example.org", first_name="Vera", last_name="Volunteer")


@pytest.fixture
def coordinator(calais):
    person = VolunteerFactory(email="colette@example.org", first_name="Colette", last_name="Coordinator")
    calais.coordinators.add(person)
    return person


@pytest.fixture
def outsider(db):
    return VolunteerFactory(email="otto@example.org", first_name="Otto", last_name="Outsider")


@pytest.fixture
def admin_user(db):
    return VolunteerFactory(
        email="ada@example.org", first_name="Ada", last_name="Admin", is_staff=True, is_superuser=True
    )


@pytest.fixture(autouse=True, scope="session")
def _compiled_translations():
    # Plain `pytest` (without `make test`) must see the French pages too: compile the .po files once.
    from utopia.compilemessages import compile_all

    compile_all()
