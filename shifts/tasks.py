import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from sites.models import Site

from .messaging.sms import SmsError
from .roster import planning

logger = logging.getLogger(__name__)

# Failures worth retrying soon: the mail server or the network hiccuped (SMTPException is an OSError too).
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, SmsError)


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


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=settings.UTOPIA_NOTIFICATION_MAX_RETRIES,
)
def send_notification(self, notification_id: int) -> bool:
    """Send one recorded notification (queued on commit). Safe to run twice: the row is claimed first.

    Through a worker, a transient failure is retried with backoff and jitter; run eagerly (no broker) it is
    left to the periodic sweep rather than retried inside the request that caused it.
    """
    from .messaging.mail import deliver_notification

    in_worker = not (self.request.is_eager or self.request.called_directly)
    return deliver_notification(notification_id, reraise=in_worker)


# The sweeps stop starting sends after messaging.SWEEP_BUDGET_SECONDS (240 s), below these limits.
@shared_task(soft_time_limit=270, time_limit=300)
def send_due_notifications() -> int:
    """Every few minutes: notifications whose queue message was lost or whose send failed."""
    from .messaging.mail import sweep_notifications

    return sweep_notifications()


@shared_task(soft_time_limit=270, time_limit=300)
def send_due_reminders() -> int:
    """Every few minutes: remind each confirmed volunteer once, within their site's reminder window."""
    from .messaging.mail import sweep_reminders

    sent = sweep_reminders()
    if sent:
        logger.info("send_due_reminders sent %d reminders", sent)
    return sent


# Safe teams (issue 14). The sweeps record messages once (shifts.teams.alerts); send_notification sends them.


@shared_task(soft_time_limit=270, time_limit=300)
def send_team_alerts() -> int:
    """Every 15 minutes: coordinators hear of each shift at risk within their site's window, once per change."""
    from .teams.alerts import sweep_team_alerts

    return sweep_team_alerts()


@shared_task(soft_time_limit=270, time_limit=300)
def send_overdue_alerts() -> int:
    """Every 5 minutes: teams out and not back in time, once, then once more after a second grace."""
    from .teams.alerts import sweep_overdue_alerts

    return sweep_overdue_alerts()


@shared_task(soft_time_limit=270, time_limit=300)
def send_expiry_notices() -> int:
    """Daily: checks that expire within 30 days before shifts that need them."""
    from .teams.alerts import sweep_expiry_notices

    return sweep_expiry_notices()
