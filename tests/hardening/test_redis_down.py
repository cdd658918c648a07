import logging
import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from outbox.publish import safe_delay
from shifts.models import Signup
from shifts.services import sign_up
from shifts.tasks import send_due_reminders
from tests.factories import ShiftFactory
from utopia.celery import app


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cache_at(location: str, backend: str = "utopia.cache.ResilientRedisCache"):
    return {"default": {"BACKEND": backend, "LOCATION": location, "OPTIONS": {"socket_connect_timeout": 1}}}


@pytest.fixture
def broker_down():
    """The project's Celery app publishing to a Redis that does not answer, as in an outage."""
    saved = app.conf.task_always_eager, app.conf.broker_url

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.task_always_eager = False
    app.conf.broker_url = f"redis://127.0.0.1:{closed_port()}/0"
    reset_pools()

    def back_up():
        app.conf.task_always_eager, app.conf.broker_url = saved
        reset_pools()

    yield back_up
    back_up()


@pytest.mark.django_db
def test_login_page_works_when_the_rate_limit_cache_is_down(client, volunteer):
    with override_settings(CACHES=cache_at(f"redis://127.0.0.1:{closed_port()}/0")):
        assert client.get("/accounts/login/").status_code == 200
        response = client.post("/accounts/login/", {"login": volunteer.email, "password": "wrong"})
        assert response.status_code == 200
        response = client.post("/accounts/login/", {"login": volunteer.email, "password": "correct-horse-battery"})
        assert response.status_code == 302


@pytest.mark.django_db
def test_plain_redis_cache_would_fail_the_login_page(client, volunteer):
    import redis

    location = f"redis://127.0.0.1:{closed_port()}/0"
    with override_settings(CACHES=cache_at(location, "django.core.cache.backends.redis.RedisCache")):
        with pytest.raises(redis.ConnectionError):
            client.post("/accounts/login/", {"login": volunteer.email, "password": "wrong"})


@pytest.mark.redis
@pytest.mark.django_db
def test_rate_limits_still_apply_when_redis_is_up(client, volunteer, settings):
    settings.CACHES = cache_at(settings.REDIS_URL)
    for _ in range(5):
        client.post("/accounts/login/", {"login": volunteer.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": volunteer.email, "password": "correct-horse-battery"})
    assert response.status_code in {200, 429}
    assert "Too many failed login attempts" in response.text


def test_publishing_with_the_broker_down_is_logged_not_raised(broker_down, caplog):
    caplog.set_level(logging.WARNING, logger="outbox.publish")  # a worker test may have raised the root level
    assert safe_delay(send_due_reminders) is False
    assert "could not queue shifts.tasks.send_due_reminders" in caplog.text


@pytest.mark.django_db
def test_sign_ups_work_and_reminders_go_out_once_redis_returns(broker_down, volunteer, mission):
    soon = timezone.now() + timedelta(hours=6)
    shift = ShiftFactory(mission=mission, starts_at=soon, ends_at=soon + timedelta(hours=3), capacity=2)

    signup = sign_up(volunteer=volunteer, shift=shift)
    assert signup.status == Signup.Status.CONFIRMED
    # Beat cannot queue the sweep while Redis is down: nothing is sent, nothing is lost.
    assert safe_delay(send_due_reminders) is False
    signup.refresh_from_db()
    assert signup.reminder_sent_at is None
    assert mail.outbox == []

    broker_down()  # Redis is back: the next beat tick queues the sweep (eager in tests).
    send_due_reminders.delay()
    send_due_reminders.delay()
    signup.refresh_from_db()
    assert signup.reminder_sent_at is not None
    assert [message.to for message in mail.outbox] == [[volunteer.email]]


@pytest.mark.django_db
def test_pages_answer_when_the_cache_is_down(client, coordinator, mission):
    # Sessions and rate limits are read from the cache. Without it, every page still answers from the database.
    shift = ShiftFactory(mission=mission, capacity=4)
    day = timezone.localtime(shift.starts_at).date().isoformat()
    with override_settings(CACHES=cache_at(f"redis://127.0.0.1:{closed_port()}/0")):
        client.force_login(coordinator)
        for _ in range(2):
            assert "4 people missing" in client.get("/").text
            assert "0 of 4 people booked" in client.get("/shifts/").text
            assert client.get(f"/roster/calais/{day}/").status_code == 200
        sign_up(volunteer=coordinator, shift=shift)
        assert "3 people missing" in client.get("/").text


def test_a_silent_redis_is_not_asked_again_for_a_few_seconds(monkeypatch):
    from redis.exceptions import TimeoutError as RedisTimeout

    from utopia import cache as resilient

    backend = resilient.ResilientRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {})
    calls = []

    def times_out(key, *args, **kwargs):
        calls.append(key)
        raise RedisTimeout("no answer")

    monkeypatch.setattr(backend._cache, "get", times_out)
    assert backend.get("a", "fallback") == "fallback"
    assert backend.get("b", "fallback") == "fallback"  # not asked: it failed a moment ago
    assert len(calls) == 1
    clock = resilient.time.monotonic() + resilient.RETRY_AFTER_S + 1
    monkeypatch.setattr(resilient.time, "monotonic", lambda: clock)
    assert backend.get("c", "fallback") == "fallback"
    assert len(calls) == 2  # asked again once the pause is over
