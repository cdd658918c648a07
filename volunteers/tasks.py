from celery import shared_task

from . import services


@shared_task
def anonymise_inactive_volunteers() -> int:
    """Nightly: erase the accounts inactive for UTOPIA_INACTIVITY_YEARS. Returns how many."""
    return len(services.anonymise_inactive().ids)
