import logging
import smtplib
import time

from celery import shared_task
from django.conf import settings

from . import registry
from .delivery import SWEEP_BUDGET_SECONDS, TransientError

logger = logging.getLogger(__name__)

# Failures worth retrying soon: the mail server or the network hiccuped (SMTPException is an OSError too).
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, TransientError)


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=settings.UTOPIA_NOTIFICATION_MAX_RETRIES,
)
def send_message(self, box: str, pk: int) -> bool:
    """Send one recorded message (queued on commit). Safe to run twice: the row is claimed first.

    Through a worker, a transient failure is retried with backoff and jitter; run eagerly (no broker) it is
    left to the periodic sweep rather than retried inside the request that caused it.
    """
    in_worker = not (self.request.is_eager or self.request.called_directly)
    return registry.of(box).deliver(pk, reraise=in_worker)


# Below these limits: the sweep stops starting sends after SWEEP_BUDGET_SECONDS.
@shared_task(soft_time_limit=270, time_limit=300)
def send_due_messages() -> int:
    """Every few minutes: every outbox's due messages (lost queue messages, failed sends, reminders due)."""
    started = time.monotonic()
    sent = 0
    for box in list(registry.BOXES.values()):
        left = SWEEP_BUDGET_SECONDS - (time.monotonic() - started)
        if left <= 0:
            break
        sent += box.sweep(budget_seconds=left)
    if sent:
        logger.info("send_due_messages sent %d messages", sent)
    return sent
