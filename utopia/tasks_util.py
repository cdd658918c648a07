"""Queue a Celery task without letting a broker outage break the request that queued it.

State lives in the database: a Notification row is written before its task is queued, and the
periodic sweep sends whatever is still unsent. So when Redis is down, publishing is logged and
skipped; the row waits for the sweep. Use it in `transaction.on_commit`:

    transaction.on_commit(lambda: safe_delay(send_notification, notification.pk))
"""

import logging

logger = logging.getLogger(__name__)


def safe_delay(task, *args, **kwargs) -> bool:
    """`task.delay(*args, **kwargs)`; on any publishing error, log and return False instead of raising."""
    try:
        # retry=False: one attempt, so an outage costs the request a connection timeout, not minutes.
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except Exception as error:  # noqa: BLE001 - the broker's errors vary by transport; the sweep catches up
        logger.warning("could not queue %s%r: %s: %s", task.name, args, type(error).__name__, error)
        return False
    return True
