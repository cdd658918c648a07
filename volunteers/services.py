"""The rules about a person's account: who may register, what they may change, export and erasure.

Views, the allauth adapter, the management command and the Celery task all call these functions.
Logs name volunteers by id only: never an email, a name, a phone number, a password or a token.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateTimeField, Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import personal_data, validators
from .languages import SPOKEN_LANGUAGE_NAMES
from .models import Qualification, Volunteer, new_calendar_token
from .qualifications.services import (  # noqa: F401  (the published names: volunteers.services.grant_qualification)
    QualificationRefused,
    grant_qualification,
    revoke_qualification,
)
from .validators import MAX_AGE, years_before  # noqa: F401 (part of this module's interface)

logger = logging.getLogger(__name__)


# What a person may change about themselves on /me/ (email and password go through allauth's pages).
PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "languages",
    "emergency_contact_name",
    "emergency_contact_phone",
    "preferred_language",
    "sms_reminders",
    "urgent_calls",
    "signup_confirmations",
)
# What registration stores besides email and password (confirmations start on: the model's default;
# "has_driving_licence" becomes a declared qualification).
REGISTRATION_FIELDS = (
    *(name for name in PROFILE_FIELDS if name != "signup_confirmations"),
    "birth_date",
    "has_driving_licence",
)


def local_today() -> date:
    """Today in the organisation's time zone (all three sites are in France)."""
    return timezone.localdate()


def validate_birth_date(*, birth_date: date, today: date | None = None) -> None:
    """Field work is for adults: refuse a birth date in the future, too far back, or under 18 today.

    Someone born on 29 February turns 18 on 1 March in a common year (see Volunteer.age_on).
    """
    validators.validate_birth_date(birth_date=birth_date, today=today or local_today())


def _clean_languages(languages) -> list[str]:
    unknown = [code for code in languages if code not in SPOKEN_LANGUAGE_NAMES]
    if unknown:
        raise ValidationError({"languages": _("Unknown language.")}, code="unknown_language")
    # Keep the order of the list of languages, once each.
    return [code for code in SPOKEN_LANGUAGE_NAMES if code in set(languages)]


@transaction.atomic
def register(*, volunteer: Volunteer, profile: dict) -> Volunteer:
    """Complete and save a new account whose email and password allauth has already set on `volunteer`.

    Nothing is stored when a rule refuses (the caller's form shows the message on its field).
    """
    if volunteer.pk is not None:
        raise ValueError("register() creates accounts; use update_profile() for existing ones.")
    birth_date = profile.get("birth_date")
    if birth_date is None:
        raise ValidationError({"birth_date": _("Please give your date of birth.")}, code="required")
    try:
        validate_birth_date(birth_date=birth_date)
    except ValidationError as error:
        raise ValidationError({"birth_date": error.messages}, code=error.code) from None
    for name in REGISTRATION_FIELDS:
        if name == "has_driving_licence":
            continue
        if name in profile and profile[name] is not None:
            setattr(volunteer, name, profile[name])
    volunteer.languages = _clean_languages(volunteer.languages or [])
    volunteer.last_activity_at = timezone.now()
    volunteer.full_clean(exclude=["password"])
    volunteer.save()
    if profile.get("has_driving_licence"):
        # The registration form's checkbox is a declared qualification, as on /me/.
        licence = Qualification.objects.filter(slug="driving-licence").first()
        if licence is not None:
            grant_qualification(volunteer=volunteer, qualification=licence, by=volunteer)
    logger.info("volunteer %s registered", volunteer.pk)
    return volunteer


@transaction.atomic
def update_profile(*, volunteer: Volunteer, changes: dict) -> Volunteer:
    """Change what a person may change about themselves. The date of birth may only be filled in
    once (walk-in accounts have none); after that a coordinator or admin corrects it."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.is_anonymised:
        raise ValidationError(_("This account has been erased."), code="erased")
    for name, value in changes.items():
        if name == "birth_date":
            if value is None or value == volunteer.birth_date:
                continue
            if volunteer.birth_date is not None:
                raise ValidationError(
                    {"birth_date": _("Your date of birth is already recorded. Ask a coordinator to correct it.")},
                    code="birth_date_set",
                )
            try:
                validate_birth_date(birth_date=value)
            except ValidationError as error:
                raise ValidationError({"birth_date": error.messages}, code=error.code) from None
        elif name not in PROFILE_FIELDS:
            raise ValueError(f"{name} cannot be changed on the profile page")
        setattr(volunteer, name, value)
    volunteer.languages = _clean_languages(volunteer.languages or [])
    volunteer.full_clean(exclude=["password"])
    volunteer.save()
    logger.info("volunteer %s updated their profile", volunteer.pk)
    return volunteer


# --- Export and erasure: every app says what it holds (volunteers/personal_data.py) ----------------------


def export_data(*, volunteer: Volunteer) -> dict:
    """Everything we hold about `volunteer`, and nothing about anyone else (GDPR right of access)."""
    return personal_data.export_all(volunteer)


def erasure_summary(*, volunteer: Volunteer) -> dict:
    """What erasing `volunteer` would cancel, from each app (the confirmation page says it)."""
    return personal_data.erase_summary_all(volunteer)


@transaction.atomic
def erase_account(*, volunteer: Volunteer) -> Volunteer:
    """Erase a person's personal data while keeping their past seats as anonymous rows, so the
    organisation's counts (volunteer-days per month) stay right. Each app erases what it holds, in the
    order of their phases (sign-ups to come are cancelled first). Idempotent."""
    personal_data.erase_all(volunteer)
    volunteer = Volunteer.objects.get(pk=volunteer.pk)
    logger.info("volunteer %s erased", volunteer.pk)
    return volunteer


# --- Anonymising inactive accounts ------------------------------------------------------------


@dataclass
class AnonymiseResult:
    cutoff: datetime
    dry_run: bool
    ids: list[int] = field(default_factory=list)


def inactive_volunteers(*, cutoff: datetime):
    """Accounts whose last activity (login, joining, a sign-up, the latest of their shifts) is
    before `cutoff`, never staff, never site coordinators, not yet anonymised."""
    fallback = "date_joined"
    # Apps above add what counts as activity there (the end of a shift): personal_data.LAST_ACTIVITY.
    elsewhere = [Coalesce(Max(lookup), fallback) for lookup in personal_data.last_activity_lookups()]
    last_seen = Greatest(
        "date_joined",
        Coalesce("last_login", fallback),
        Coalesce("last_activity_at", fallback),
        *elsewhere,
        output_field=DateTimeField(),
    )
    coordinators = Volunteer.coordinated_sites.through.objects.values("volunteer_id")
    return (
        Volunteer.objects.filter(anonymised_at__isnull=True, is_staff=False, is_superuser=False)
        .filter(~Q(pk__in=coordinators))
        .annotate(last_seen=last_seen)
        .filter(last_seen__lt=cutoff)
        .order_by("pk")
    )


def anonymise_inactive(*, years: int | None = None, dry_run: bool = False) -> AnonymiseResult:
    """Erase the accounts inactive for `years` (UTOPIA_INACTIVITY_YEARS by default). Idempotent:
    an erased account is never counted again."""
    if years is None:
        years = settings.UTOPIA_INACTIVITY_YEARS
    if years < 1:
        raise ValueError("years must be at least 1")
    now = timezone.now()
    cutoff = datetime.combine(years_before(now.date(), years), now.timetz())
    result = AnonymiseResult(cutoff=cutoff, dry_run=dry_run)
    for volunteer_id in inactive_volunteers(cutoff=cutoff).values_list("pk", flat=True):
        result.ids.append(volunteer_id)
        if not dry_run:
            # One transaction per person, so one failure does not undo the others.
            erase_account(volunteer=Volunteer(pk=volunteer_id))
    logger.info(
        "anonymise_inactive%s: %d volunteers inactive since %s: ids %s",
        " (dry run)" if dry_run else "",
        len(result.ids),
        cutoff.date().isoformat(),
        result.ids,
    )
    return result


def regenerate_calendar_token(*, volunteer: Volunteer) -> str:
    """Give `volunteer` a new private feed address; the old one stops working at once."""
    token = new_calendar_token()
    Volunteer.objects.filter(pk=volunteer.pk).update(calendar_token=token)
    volunteer.calendar_token = token
    return token
