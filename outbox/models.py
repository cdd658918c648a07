"""The columns that carry a message from "due" to "sent", and the one way to move them.

A message is claimed with a conditional UPDATE just before it is sent, sent outside any transaction, and
marked sent right after. Of two workers, exactly one changes the row at the claim, so a message never goes
twice; a claim left by a worker that died expires after CLAIM_TIMEOUT and the next sweep sends it. Each claim
counts one attempt; a row stops being tried at its maximum and keeps its last error for the admin.

`Columns` works on any model that carries those four columns, with a prefix when the row is about something
else (a sign-up's `reminder_claimed_at`, `reminder_sent_at`...); `Message` is the abstract model of a row
that is a message and nothing else.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Far above EMAIL_TIMEOUT + UTOPIA_SMS_TIMEOUT, the longest a live worker holds one claim.
CLAIM_TIMEOUT = timedelta(minutes=10)


def error_text(error: BaseException | str) -> str:
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    return text[:255]


@dataclass(frozen=True)
class Columns:
    """`<prefix>claimed_at`, `<prefix>sent_at`, `<prefix>attempts`, `<prefix>last_error` on `model`.

    `max_attempts` is a setting's name (read when used, so it follows the settings) or a number;
    `claimable` narrows what may be claimed (a reminder only while the sign-up is confirmed).
    """

    model: type[models.Model]
    prefix: str = ""
    max_attempts: str | int = "UTOPIA_NOTIFICATION_MAX_ATTEMPTS"
    claimable: Q = field(default_factory=Q)

    def name(self, column: str) -> str:
        return f"{self.prefix}{column}"

    def attempts_allowed(self) -> int:
        return getattr(settings, self.max_attempts) if isinstance(self.max_attempts, str) else self.max_attempts

    def free(self, now: datetime) -> Q:
        """Not claimed, or claimed so long ago that its worker is gone."""
        return Q(**{self.name("claimed_at"): None}) | Q(**{f"{self.name('claimed_at')}__lt": now - CLAIM_TIMEOUT})

    def pending(self, now: datetime) -> Q:
        """Not sent, attempts left, claim free: what a sweep may take."""
        return (
            Q(**{self.name("sent_at"): None, f"{self.name('attempts')}__lt": self.attempts_allowed()})
            & self.claimable
            & self.free(now)
        )

    def claim(self, pk, *, now: datetime | None = None) -> bool:
        # The conditional UPDATE is the lock: of two workers, exactly one changes the row.
        now = now or timezone.now()
        updated = self.model._default_manager.filter(self.pending(now), pk=pk).update(
            **{self.name("claimed_at"): now, self.name("attempts"): F(self.name("attempts")) + 1}
        )
        return bool(updated)

    def release(self, pk, error: BaseException | str) -> None:
        """The send failed: free the claim (the attempt was counted) so the next sweep tries again."""
        self._update(pk, claimed_at=None, last_error=error_text(error))

    def mark_sent(self, pk, *, note: str = "") -> None:
        """It went out (or will never go: `note` says why). Only a claimed, unsent row changes."""
        self.model._default_manager.filter(
            **{"pk": pk, self.name("sent_at"): None, f"{self.name('claimed_at')}__isnull": False}
        ).update(**{self.name("sent_at"): timezone.now(), self.name("last_error"): error_text(note)})

    def note(self, pk, text: str) -> None:
        """Something after the send went wrong (an SMS): said, not retried."""
        self._update(pk, last_error=error_text(text))

    def _update(self, pk, **values) -> None:
        self.model._default_manager.filter(pk=pk).update(**{self.name(key): value for key, value in values.items()})


class Message(models.Model):
    """A row that is one message: recorded first (so it is never lost), then sent once through the outbox."""

    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)

    # A setting's name or a number: how many claims before the row is given up (visible in admin).
    MAX_ATTEMPTS: str | int = "UTOPIA_NOTIFICATION_MAX_ATTEMPTS"

    class Meta:
        abstract = True

    @classmethod
    def outbox(cls) -> Columns:
        return Columns(cls, max_attempts=cls.MAX_ATTEMPTS)


class Email(Message):
    """An email rendered elsewhere (an account email from allauth), kept until it went out.

    Rows are deleted EMAIL_KEPT_DAYS after they were written, by the sweep (outbox.emails): they hold an address
    and, for a confirmation, a link that signs in."""

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="outbox_email_due_idx")]

    def __str__(self):
        return self.subject
