"""Sending what the database says is due, once: the one deliver, the one sweep and the guarded publish.

State lives in PostgreSQL, not in the queue. A row is written first, then a task is queued when the
transaction commits (outbox.publish.queue); the task claims the row, sends, and marks it sent (`deliver`). Whatever the
queue lost (Redis down, a worker killed) the periodic sweep (`sweep`, run for every registered outbox by
outbox.tasks.send_due_messages) sends:
- two sweeps or workers at once: only one wins the claim, the other skips the row;
- a sweep run twice: the second finds the row sent;
- a worker killed mid-send: its claim expires (models.CLAIM_TIMEOUT) and the next sweep sends;
- Redis down: publishing fails once in the request, is logged, and the rest of the request does not try
  again (outbox.publish): the rows wait for the sweep.
"""

import logging
import time
from collections.abc import Callable, Iterable

from .models import Columns

logger = logging.getLogger(__name__)

# The sweep stops starting new sends after this long and leaves the rest to the next one (below the task's
# time limit, so it is never killed mid-send by its own limit).
SWEEP_BUDGET_SECONDS = 240
SWEEP_BATCH = 500


class TransientError(Exception):
    """A failure worth retrying soon (a provider that hiccuped); the task retries it with backoff."""


class Skip(Exception):  # noqa: N818 - not an error: the message is no longer worth sending
    """Raised by a send function: mark the row done with this reason, send nothing."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _is_time_limit(error: BaseException) -> bool:
    from celery.exceptions import SoftTimeLimitExceeded

    return isinstance(error, SoftTimeLimitExceeded)


def deliver(
    columns: Columns,
    pk,
    *,
    load: Callable,
    send: Callable,
    after: Callable | None = None,
    reraise: bool = False,
) -> bool:
    """Send the message on row `pk` if nobody has (or is). True when it went out.

    `load(pk)` reads the row (None: it is gone); `send(row)` sends it and returns a note kept as the last
    error ("" when all is well, "no email address"...), or raises `Skip`; `after(row)` runs once the row is
    marked sent (a best-effort SMS). With `reraise`, a failure is raised again after the claim is released,
    so a Celery task can retry it.
    """
    if not columns.claim(pk):
        return False
    row = load(pk)
    if row is None:
        return False
    try:
        note = send(row)
    except Skip as skip:
        columns.mark_sent(pk, note=skip.reason)
        return False
    except Exception as error:
        columns.release(pk, error)
        logger.warning("%s %s failed: %s", columns.model._meta.label, pk, type(error).__name__)
        if reraise or _is_time_limit(error):
            raise
        return False
    columns.mark_sent(pk, note=note or "")
    if after is not None:
        after(row)
    return True


def sweep(
    due_ids: Iterable, send_one: Callable[[object], bool], *, budget_seconds: float = SWEEP_BUDGET_SECONDS
) -> int:
    """`send_one(pk)` for each due id until the budget is spent. Returns how many went out."""
    started = time.monotonic()
    sent = 0
    for pk in due_ids:
        if time.monotonic() - started > budget_seconds:
            break  # the next sweep takes the rest
        if send_one(pk):
            sent += 1
    return sent
