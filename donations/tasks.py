import logging
import smtplib

from celery import shared_task
from django.conf import settings

from .mail import deliver_offer_message, deliver_offer_notice, sweep_offer_messages
from .retention import delete_expired_offers

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=settings.UTOPIA_NOTIFICATION_MAX_RETRIES,
)
def send_offer_message(self, message_id: int) -> bool:
    """Send one recorded answer to a donor (queued on commit). Safe to run twice: the row is claimed first."""
    in_worker = not (self.request.is_eager or self.request.called_directly)
    return deliver_offer_message(message_id, reraise=in_worker)


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=settings.UTOPIA_NOTIFICATION_MAX_RETRIES,
)
def send_offer_notice(self, notice_id: int) -> bool:
    """Tell a site's coordinators about new offers (queued on commit when the notice is due at once; the sweep
    sends those due later). Safe to run twice: the row is claimed first."""
    in_worker = not (self.request.is_eager or self.request.called_directly)
    return deliver_offer_notice(notice_id, reraise=in_worker)


@shared_task(soft_time_limit=270, time_limit=300)
def send_due_offer_messages() -> int:
    """Every few minutes: messages whose queue message was lost or whose send failed, and notices now due."""
    return sweep_offer_messages()


@shared_task
def delete_closed_offers() -> int:
    """Nightly: offers are personal data; delete them 90 days after they were closed."""
    deleted = delete_expired_offers()
    if deleted:
        logger.info("delete_closed_offers deleted %d offers", deleted)
    return deleted
