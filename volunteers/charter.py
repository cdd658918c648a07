"""The charter: publishing a version, accepting it, and whether someone still has to.

With no version published nothing is asked of anyone. Once one is, registration asks for it, and a
volunteer's own next sign-up (shifts.services.sign_up with by=None) waits until they accepted the latest.
"""

import difflib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Charter, CharterAcceptance, Volunteer


def current_charter() -> Charter | None:
    """The latest published version, or None while nothing is published."""
    return Charter.objects.filter(published_at__isnull=False).order_by("-version").first()


def has_accepted(*, volunteer: Volunteer, charter: Charter) -> bool:
    return CharterAcceptance.objects.filter(volunteer=volunteer, charter=charter).exists()


def charter_to_accept(volunteer: Volunteer) -> Charter | None:
    """The version `volunteer` still has to accept before signing up themselves, or None."""
    charter = current_charter()
    if charter is None or has_accepted(volunteer=volunteer, charter=charter):
        return None
    return charter


def last_accepted(volunteer: Volunteer) -> CharterAcceptance | None:
    return (
        CharterAcceptance.objects.filter(volunteer=volunteer)
        .select_related("charter")
        .order_by("-charter__version")
        .first()
    )


@transaction.atomic
def accept_charter(*, volunteer: Volunteer, charter: Charter, by: Volunteer | None = None) -> CharterAcceptance:
    """Record that `volunteer` accepted `charter`. `by`: the coordinator who confirmed they read it (walk-ins).

    Idempotent: accepting the same version twice keeps the first record.
    """
    if not charter.is_published:
        raise ValidationError(_("This version of the charter is not published."), code="charter_draft")
    acceptance, _created = CharterAcceptance.objects.get_or_create(
        volunteer=volunteer,
        charter=charter,
        defaults={"recorded_by": by if by is not None and by.pk != volunteer.pk else None},
    )
    return acceptance


@transaction.atomic
def publish_charter(*, charter: Charter, by: Volunteer | None = None) -> Charter:
    """Publish a draft. From then on it is the version people are asked to accept."""
    charter = Charter.objects.select_for_update().get(pk=charter.pk)
    if charter.is_published:
        raise ValidationError(_("This version is already published."), code="already_published")
    latest = current_charter()
    if latest is not None and charter.version <= latest.version:
        raise ValidationError(
            _("Version %(version)d is already published: a new version needs a higher number.")
            % {"version": latest.version},
            code="version_not_newer",
        )
    if not charter.text.strip():
        raise ValidationError(_("The charter has no text."), code="empty")
    charter.published_at = timezone.now()
    charter.full_clean()
    charter.save(update_fields=["published_at"])
    return charter


@dataclass
class Paragraph:
    text: str
    change: str  # "same", "added" or "removed"


def compare(*, old: Charter | None, new: Charter) -> list[Paragraph]:
    """The paragraphs of `new` in the page's language, marked against `old` (the version last accepted)."""
    new_paragraphs = new.paragraphs
    if old is None:
        return [Paragraph(text, "same") for text in new_paragraphs]
    old_paragraphs = old.paragraphs
    result = []
    matcher = difflib.SequenceMatcher(a=old_paragraphs, b=new_paragraphs, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            result += [Paragraph(text, "same") for text in new_paragraphs[b_start:b_end]]
            continue
        result += [Paragraph(text, "removed") for text in old_paragraphs[a_start:a_end]]
        result += [Paragraph(text, "added") for text in new_paragraphs[b_start:b_end]]
    return result
