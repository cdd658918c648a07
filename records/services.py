"""Issuing and revoking certificates of volunteering. Pages, the coordinators' side, the admin and erasure
all go through these functions."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from shifts.people import can_view_volunteer

from .models import Certificate, hash_token, new_token
from .selectors import Record, record_for

logger = logging.getLogger(__name__)

LANGUAGES = dict(settings.LANGUAGES)


class CertificateRefused(ValidationError):
    pass


@dataclass
class Issued:
    certificate: Certificate
    token: str  # the only copy: it goes into the PDF's link and is never stored
    record: Record


def may_issue_for(*, by, volunteer) -> bool:
    """The person themselves, an admin, or a coordinator of a site where the person signed up."""
    if by is None:
        return False
    return by.pk == volunteer.pk or can_view_volunteer(viewer=by, volunteer=volunteer)


@transaction.atomic
def issue_certificate(*, volunteer, language: str, by) -> Issued:
    """Record a new certificate stating the person's record as of now, and return it with its secret token."""
    if language not in LANGUAGES:
        raise CertificateRefused(_("Choose French or English for the certificate."), code="language")
    if not may_issue_for(by=by, volunteer=volunteer):
        raise CertificateRefused(_("You cannot issue a certificate for this person."), code="forbidden")
    if volunteer.is_anonymised or not volunteer.is_active:
        raise CertificateRefused(_("This account has been erased."), code="erased")
    with translation.override(language):
        record = record_for(volunteer)
    if not record.shifts:
        raise CertificateRefused(
            _("There is nothing to certify yet: no shift has been attended."), code="nothing_attended"
        )
    token = new_token()
    certificate = Certificate(
        volunteer=volunteer,
        token_hash=hash_token(token),
        language=language,
        issued_at=timezone.now(),
        issued_by=by,
        # First and last names of 150 letters each: cut to the column rather than refuse the certificate.
        full_name=volunteer.get_full_name()[: Certificate._meta.get_field("full_name").max_length],
        first_day=record.first_day,
        last_day=record.last_day,
        volunteer_days=record.day_count,
        minutes=record.minutes,
    )
    certificate.full_clean()
    certificate.save()
    logger.info("certificate %s issued for volunteer %s by %s", certificate.pk, volunteer.pk, by.pk)
    return Issued(certificate=certificate, token=token, record=record)


def verify_url(token: str) -> str:
    """The link printed on the certificate, which proves it genuine."""
    return settings.SITE_URL + reverse("records:verify", args=[token])


def filename(certificate: Certificate, day) -> str:
    return f"certificate-{certificate.pk}-{certificate.language}-{day.isoformat()}.pdf"


def find_valid(token: str) -> Certificate | None:
    """The certificate behind a verification link, if it still stands (not revoked, the person not erased)."""
    return Certificate.objects.valid().filter(token_hash=hash_token(token)).first()


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, by) -> Certificate:
    """Its link stops proving anything. Idempotent."""
    updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    certificate.refresh_from_db()
    if updated:
        logger.info("certificate %s revoked by %s", certificate.pk, getattr(by, "pk", None))
    return certificate


def revoke_on_erasure(*, volunteer) -> None:
    """Erasure: every certificate of the person is revoked and forgets the name it printed."""
    mine = Certificate.objects.filter(volunteer=volunteer)
    mine.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    mine.update(full_name="")
