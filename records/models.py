"""Certificates of volunteering: each one issued is recorded, with what it says, so its link can prove it."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    """The secret in a certificate's verification link: 256 random bits."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # The token is random and long, so a plain SHA-256 is enough: the database never holds a working link.
    return hashlib.sha256(token.encode()).hexdigest()


# How a list says which language a certificate is in ("in French", "en français": the adjective's case differs).
IN_LANGUAGE = {"en": _("in English"), "fr": _("in French")}


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True, volunteer__anonymised_at__isnull=True)


class Certificate(models.Model):
    """One certificate as issued. What it states is kept as printed, so the verification page shows what the
    paper says even after later shifts change the person's totals."""

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("volunteer")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    # A first and a last name of 150 characters each (Volunteer's columns), and the space between them.
    full_name = models.CharField(_("full name"), max_length=301, blank=True)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    volunteer_days = models.PositiveIntegerField(_("volunteer-days"))
    minutes = models.PositiveIntegerField(_("minutes"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")), name="records_certificate_period"),
            models.CheckConstraint(condition=Q(volunteer_days__gte=1), name="records_certificate_some_days"),
        ]

    def __str__(self):
        return _("Certificate no. %(number)s") % {"number": self.pk}

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def in_language(self) -> str:
        return str(IN_LANGUAGE.get(self.language, self.language))

    @property
    def hours(self) -> float:
        return self.minutes / 60
