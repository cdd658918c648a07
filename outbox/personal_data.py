"""What the outbox keeps about a person (see volunteers/personal_data.py): account emails to their address."""

from .models import Email

COVERED = {"outbox.Email": "erased (account emails to the person's address); not exported: links, not their data"}
EXCLUDED = {}
# Before the person's address is anonymised: the rows are found by it.
ERASE_PHASE = 10


def export(volunteer) -> dict:
    return {}


def erase(volunteer) -> None:
    if volunteer.email:
        Email.objects.filter(to__iexact=volunteer.email).delete()
