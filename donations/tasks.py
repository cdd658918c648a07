import logging

from celery import shared_task

from .mail import deliver_offer_message, deliver_offer_notice
from .retention import delete_expired_offers

logger = logging.getLogger(__name__)


# Kept for the messages queued before they went through the outbox (outbox.tasks.send_message); remove once no
# queue holds one of these.
@shared_task
def send_offer_message(message_id: int) -> bool:
    return deliver_offer_message(message_id)


@shared_task
def send_offer_notice(notice_id: int) -> bool:
    return deliver_offer_notice(notice_id)


@shared_task
def delete_closed_offers() -> int:
    """Nightly: offers are personal data; delete them 90 days after they were closed."""
    deleted = delete_expired_offers()
    if deleted:
        logger.info("delete_closed_offers deleted %d offers", deleted)
    return deleted
