import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from sites.models import Site

from . import planning

logger = logging.getLogger(__name__)


@shared_task
def generate_shifts_ahead() -> int:
    """Nightly: keep a rolling horizon of shifts generated from every site's templates."""
    created = 0
    today = timezone.localdate()
    for site in Site.objects.all():
        result = planning.generate_shifts(site=site, start=today, days=settings.UTOPIA_GENERATE_DAYS_AHEAD)
        created += result.created
    logger.info("generate_shifts_ahead created %d shifts", created)
    return created


@shared_task
def send_notification(notification_id: int) -> None:
    from .messaging import deliver_notification

    deliver_notification(notification_id)


@shared_task
def send_due_reminders() -> int:
    from .messaging import sweep_reminders

    return sweep_reminders(now=timezone.now(), grace=timedelta(minutes=10))
