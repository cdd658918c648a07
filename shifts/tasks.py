import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from outbox.tasks import send_message
from sites.models import Site

from .roster import planning

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
def send_notification(notification_id: int) -> bool:
    """What messages queued before the outbox name (outbox.tasks.send_message sends them now)."""
    return send_message("shifts.Notification", notification_id)


# The sweeps stop starting sends after outbox.delivery.SWEEP_BUDGET_SECONDS (240 s), below these limits.
# outbox.tasks.send_due_messages runs these sweeps (and every other outbox's) on beat; these stay callable.
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
