import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(soft_time_limit=270, time_limit=300)
def send_stay_reminders() -> int:
    """Every few minutes: remind each person once, two days before their stay begins."""
    from .reminders import sweep_stay_reminders

    sent = sweep_stay_reminders()
    if sent:
        logger.info("send_stay_reminders sent %d reminders", sent)
    return sent
