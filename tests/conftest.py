"""Shared fixtures: the named people used everywhere, and the guard for real services.

Tests marked `postgres`, `redis` or `browser` need the real thing. Without it they skip with the
reason, except when CI is set: there a missing service fails the run.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tests.factories import MissionFactory, SiteFactory, VolunteerFactory

IN_CI = bool(os.environ.get("CI"))


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


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits live in the cache; every test starts with none used.
    cache.clear()
    yield


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
