"""Queueing a message's task without letting a broker outage break the request that queued it.

State lives in the database: a row is written before its task is queued, and the periodic sweep sends whatever
is still unsent. So when Redis is down, publishing is logged and skipped, and within a request (the middleware
OneBrokerTryPerRequest) the broker is tried once: the messages after a failure wait for the sweep.
"""

import contextvars
import logging
from contextlib import contextmanager

from django.db import transaction

from .models import error_text
from .tasks import send_message

logger = logging.getLogger(__name__)

# Set by `one_broker_try` for the length of a request: once publishing failed, the rest is left to the sweep.
_broker_failed: contextvars.ContextVar[list | None] = contextvars.ContextVar("outbox_broker_failed", default=None)


@contextmanager
def one_broker_try():
    """Within this block the broker is tried once: after a failure, `safe_delay` does not try again."""
    token = _broker_failed.set([False])
    try:
        yield
    finally:
        _broker_failed.reset(token)


def safe_delay(task, *args, **kwargs) -> bool:
    """`task.delay(*args, **kwargs)`; on any publishing error, log and return False instead of raising.

    State lives in the database, so a message not queued is not lost: the periodic sweep sends it.
    """
    failed = _broker_failed.get()
    if failed is not None and failed[0]:
        logger.info("not queued %s%r: the broker failed earlier in this request", task.name, args)
        return False
    try:
        # One connection attempt (kombu would otherwise retry for CELERY_BROKER_CONNECTION_TIMEOUT with a sleep
        # between tries) and no publish retry: an outage costs a request one refused connection, or one connect
        # timeout when the host does not answer at all.
        with task.app.pool.acquire(block=True) as connection:
            connection.ensure_connection(max_retries=0)
            task.apply_async(args=args, kwargs=kwargs, retry=False, connection=connection)
    except Exception as error:  # noqa: BLE001 - the broker's errors vary by transport; the sweep catches up
        if failed is not None:
            failed[0] = True
        logger.warning("could not queue %s%r: %s", task.name, args, error_text(error))
        return False
    return True


def queue(box: str, pk) -> None:
    """Send row `pk` of the registered outbox `box` once the transaction commits (the sweep if that fails)."""
    transaction.on_commit(lambda: safe_delay(send_message, box, pk))
