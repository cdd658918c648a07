"""Logout sticks even when Redis fails at that moment (sessions are cached_db over utopia.cache's
ResilientRedisCache): the session's stale copy in Redis must not log anyone back in once Redis answers."""

import pytest
from django.conf import settings
from django.core.cache import caches
from redis.exceptions import ConnectionError as RedisConnectionError

from volunteers.models import Volunteer

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def production_cache(settings):
    # The production cache (utopia/settings/base.py with REDIS_URL); the test settings use Django's plain one.
    settings.CACHES = {
        "default": {
            "BACKEND": "utopia.cache.ResilientRedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": "utopia-test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    assert "cached_db" in settings.SESSION_ENGINE or settings.SESSION_ENGINE == "volunteers.sessions"
    return caches["default"]


def _logged_in(client) -> bool:
    return client.get("/me/").status_code == 200


def _redis_fails_on_delete(monkeypatch, cache):
    def fails(*args, **kwargs):
        raise RedisConnectionError("Redis went away")

    monkeypatch.setattr(cache._cache, "delete", fails)


def test_a_logout_while_redis_fails_does_not_come_back_with_redis(client, volunteer, production_cache, monkeypatch):
    client.force_login(volunteer)
    assert _logged_in(client)  # the session is now read from Redis too
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    with monkeypatch.context() as patch:
        _redis_fails_on_delete(patch, production_cache)
        assert client.post("/accounts/logout/").status_code == 302
    production_cache._down_until = 0.0  # Redis answers again

    client.cookies[settings.SESSION_COOKIE_NAME] = old_key  # the old cookie (a copy, another tab, a thief)
    assert not _logged_in(client)


def test_the_persons_other_sessions_end_too_then(client, volunteer, production_cache, monkeypatch):
    from django.test import Client

    other_device = Client()
    other_device.force_login(volunteer)
    client.force_login(volunteer)
    with monkeypatch.context() as patch:
        _redis_fails_on_delete(patch, production_cache)
        client.post("/accounts/logout/")
    production_cache._down_until = 0.0

    assert not _logged_in(other_device)
    assert Volunteer.objects.get(pk=volunteer.pk).session_epoch == 1


def test_an_ordinary_logout_ends_only_that_session(client, volunteer, production_cache):
    from django.test import Client

    other_device = Client()
    other_device.force_login(volunteer)
    client.force_login(volunteer)
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert _logged_in(client)

    client.post("/accounts/logout/")

    client.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert not _logged_in(client)
    assert _logged_in(other_device)
    assert Volunteer.objects.get(pk=volunteer.pk).session_epoch == 0


def test_sessions_made_before_the_epoch_existed_stay_valid(client, volunteer):
    # Epoch 0 gives the hash Django always gave: deploying this logs nobody out.
    from django.contrib.auth.base_user import AbstractBaseUser

    assert volunteer.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(volunteer)
