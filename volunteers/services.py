"""The rules about a person's account: who may register, what they may change, export and erasure.

Views, the allauth adapter, the management command and the Celery task all call these functions.
Logs name volunteers by id only: never an email, a name, a phone number, a password or a token.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateTimeField, Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api import services as api_services
from records import services as record_services
from shifts import contact
from shifts import services as shift_services
from shifts.models import BriefingWaiver, Notification, Signup
from sites.models import Site
from stays import services as stay_services
from stays.models import Stay

from . import validators
from .languages import SPOKEN_LANGUAGE_NAMES
from .models import CharterAcceptance, CheckRequest, Qualification, QualificationGrant, Volunteer, new_calendar_token
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


# --- Who may see whom -------------------------------------------------------------------------


def is_admin(user) -> bool:
    """Admins are those who may see volunteers in Django admin anyway."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or (user.is_staff and user.has_perm("volunteers.view_volunteer")))
    )


def sites_visible_to(viewer):
    """The sites whose volunteers `viewer` may see, or None for all (admins)."""
    if is_admin(viewer):
        return None
    return Site.objects.filter(coordinators=viewer)


def can_view_volunteer(*, viewer, volunteer: Volunteer) -> bool:
    """Admins see everyone; a coordinator sees those whose details are open at one of their sites (shifts.contact:
    signed up themselves, came, or asked for a check there). Booking someone found by search opens nothing."""
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    if is_admin(viewer):
        return True
    return contact.may_see_contact(viewer, volunteer)


# --- Export -----------------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def export_data(*, volunteer: Volunteer) -> dict:
    """Everything we hold about `volunteer`, and nothing about anyone else (GDPR right of access)."""
    signups = (
        Signup.objects.filter(volunteer=volunteer)
        .select_related("shift__mission__site")
        .order_by("shift__starts_at", "pk")
    )
    notifications = Notification.objects.filter(recipient=volunteer).order_by("created_at", "pk")
    emails = EmailAddress.objects.filter(user=volunteer).order_by("-primary", "email")
    grants = (
        QualificationGrant.objects.filter(volunteer=volunteer)
        .select_related("qualification", "granted_by", "revoked_by")
        .order_by("created_at", "pk")
    )
    checks = (
        CheckRequest.objects.filter(volunteer=volunteer)
        .select_related("qualification", "site", "closed_by")
        .order_by("requested_at", "pk")
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "id": volunteer.pk,
            "email": volunteer.email,
            "first_name": volunteer.first_name,
            "last_name": volunteer.last_name,
            "birth_date": _iso(volunteer.birth_date),
            "phone": str(volunteer.phone) if volunteer.phone else "",
            "languages": list(volunteer.languages or []),
            "emergency_contact_name": volunteer.emergency_contact_name,
            "emergency_contact_phone": str(volunteer.emergency_contact_phone)
            if volunteer.emergency_contact_phone
            else "",
            "preferred_language": volunteer.preferred_language,
            "sms_reminders": volunteer.sms_reminders,
            "urgent_calls": volunteer.urgent_calls,
            "signup_confirmations": volunteer.signup_confirmations,
            "is_walk_in": volunteer.is_walk_in,
            "date_joined": _iso(volunteer.date_joined),
            "last_login": _iso(volunteer.last_login),
            "last_activity_at": _iso(volunteer.last_activity_at),
            "coordinated_sites": list(volunteer.coordinated_sites.values_list("slug", flat=True)),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary} for address in emails
        ],
        "signups": [_export_signup(signup) for signup in signups],
        "charter_acceptances": [
            {
                "version": acceptance.charter.version,
                "accepted_at": _iso(acceptance.accepted_at),
                "confirmed_by_a_coordinator": acceptance.recorded_by_id is not None,
            }
            for acceptance in CharterAcceptance.objects.filter(volunteer=volunteer)
            .select_related("charter")
            .order_by("charter__version")
        ],
        "briefing_waivers": [
            {"site_slug": waiver.site.slug, "reason": waiver.reason, "waived_at": _iso(waiver.created_at)}
            for waiver in BriefingWaiver.objects.filter(volunteer=volunteer).select_related("site").order_by("pk")
        ],
        "qualifications": [_export_grant(grant) for grant in grants],
        "check_requests": [
            {
                "qualification": check.qualification.slug,
                "site_slug": check.site.slug,
                "status": check.status,
                "requested_at": _iso(check.requested_at),
                "closed_at": _iso(check.closed_at),
                "closed_by": _name_of(check.closed_by, volunteer),
            }
            for check in checks
        ],
        "stays": [
            _export_stay(stay)
            for stay in Stay.objects.filter(volunteer=volunteer).select_related("site").prefetch_related("bed_nights")
        ],
        "notifications": [
            {
                "kind": notification.kind,
                "shift_id": notification.shift_id,
                "signup_id": notification.signup_id,
                "created_at": _iso(notification.created_at),
                "sent_at": _iso(notification.sent_at),
            }
            for notification in notifications
        ],
    }


def _name_of(person, volunteer: Volunteer) -> str | None:
    """Who recorded something about `volunteer`: "themselves", a name, or None."""
    if person is None:
        return None
    if person.pk == volunteer.pk:
        return "themselves"
    return person.get_full_name() or person.public_name


def _export_grant(grant: QualificationGrant) -> dict:
    # The fact of a check and its record (who, when, until when); no document is ever held.
    return {
        "qualification": grant.qualification.slug,
        "name": grant.qualification.name,
        "checked_by_staff": grant.qualification.needs_check,
        "granted_on": _iso(grant.granted_on),
        "valid_until": _iso(grant.valid_until),
        "granted_by": _name_of(grant.granted_by, grant.volunteer),
        "recorded_at": _iso(grant.created_at),
        "note": grant.note,
        "revoked_at": _iso(grant.revoked_at),
        "revoked_by": _name_of(grant.revoked_by, grant.volunteer),
    }


def _export_signup(signup: Signup) -> dict:
    shift = signup.shift
    site = shift.mission.site
    return {
        "id": signup.pk,
        "status": signup.status,
        "attendance": signup.attendance,
        "signed_up_at": _iso(signup.created_at),
        "cancelled_at": _iso(signup.cancelled_at),
        "is_late_cancellation": signup.is_late_cancellation,
        "coming_confirmed_at": _iso(signup.coming_confirmed_at),
        "reminder_sent_at": _iso(signup.reminder_sent_at),
        "coordinator_note": signup.note,
        "shift": {
            "id": shift.pk,
            "site": site.name,
            "site_slug": site.slug,
            "mission": shift.mission.name,
            "timezone": site.timezone,
            "starts_at_local": shift.local_starts_at.isoformat(),
            "ends_at_local": shift.local_ends_at.isoformat(),
            "is_cancelled": shift.is_cancelled,
        },
    }


def _export_stay(stay: Stay) -> dict:
    return {
        "id": stay.pk,
        "site": stay.site.name,
        "site_slug": stay.site.slug,
        "arrives_on": _iso(stay.arrives_on),
        "leaves_on": _iso(stay.leaves_on),
        "needs_bed": stay.needs_bed,
        "nights_held": [_iso(night.night) for night in stay.bed_nights.all()],
        "status": stay.status,
        "arrival_time": _iso(stay.arrival_time),
        "travel": stay.travel,
        "note": stay.note,
        "planned_at": _iso(stay.created_at),
        "cancelled_at": _iso(stay.cancelled_at),
        "reminder_sent_at": _iso(stay.reminder_sent_at),
    }


# --- Erasure ----------------------------------------------------------------------------------


def _cancel_upcoming_signups(volunteer: Volunteer) -> int:
    """Cancel what is still to come, through the sign-up rules, so seats go to the waiting list."""
    cancelled = 0
    upcoming = Signup.objects.active().filter(volunteer=volunteer, shift__starts_at__gt=timezone.now())
    for signup in upcoming.order_by("shift__starts_at", "pk"):
        try:
            shift_services.cancel(signup=signup, by=None)
        except shift_services.SignupRefused:
            # Started in the meantime, or already cancelled: it stays as it is.
            continue
        cancelled += 1
    return cancelled


@transaction.atomic
def erase_account(*, volunteer: Volunteer) -> Volunteer:
    """Erase a person's personal data while keeping their past seats as anonymous rows, so the
    organisation's counts (volunteer-days per month) stay right. Idempotent."""
    # Cancel first, before locking the person: cancel() locks the shift, and sign_up() locks the
    # shift before the person; taking them in the same order here avoids a deadlock.
    cancelled = _cancel_upcoming_signups(volunteer)
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    # A sign-up committed between the cancellations and the lock: cancel it too. Sign-ups started
    # after the lock see an inactive account and are refused.
    cancelled += _cancel_upcoming_signups(volunteer)
    # Stays not over are cancelled and their beds freed (the person's lock is held: same order as plan_stay).
    stays_cancelled = stay_services.cancel_future_stays(volunteer=volunteer)

    volunteer.email = None
    volunteer.first_name = ""
    volunteer.last_name = ""
    volunteer.birth_date = None
    volunteer.phone = ""
    volunteer.emergency_contact_name = ""
    volunteer.emergency_contact_phone = ""
    volunteer.languages = []
    volunteer.sms_reminders = False
    volunteer.urgent_calls = False
    volunteer.is_active = False
    volunteer.is_staff = False
    volunteer.is_superuser = False
    volunteer.set_unusable_password()  # also ends their other sessions: the session hash changes
    volunteer.calendar_token = new_calendar_token()  # the old private calendar link stops working
    volunteer.anonymised_at = volunteer.anonymised_at or timezone.now()
    volunteer.full_clean(exclude=["password"])
    volunteer.save()
    volunteer.groups.clear()
    volunteer.user_permissions.clear()
    volunteer.coordinated_sites.clear()
    EmailAddress.objects.filter(user=volunteer).delete()
    record_services.revoke_on_erasure(volunteer=volunteer)
    api_services.revoke_all_tokens(volunteer=volunteer)

    # Free text about them may hold personal data; the seats themselves stay.
    signup_ids = list(Signup.objects.filter(volunteer=volunteer).values_list("pk", flat=True))
    Signup.objects.filter(pk__in=signup_ids).update(note="", reminder_last_error="")
    # A waiver's reason is free text about them too (a reason is required, so a dash stays).
    BriefingWaiver.objects.filter(volunteer=volunteer).update(reason="-")
    Stay.objects.filter(volunteer=volunteer).update(note="")
    Notification.objects.filter(recipient=volunteer).delete()
    # What was checked about them goes too: no record of a check outlives the person.
    QualificationGrant.objects.filter(volunteer=volunteer).delete()
    CheckRequest.objects.filter(volunteer=volunteer).delete()
    _scrub_admin_history(volunteer, signup_ids)

    logger.info(
        "volunteer %s erased (%d upcoming sign-ups, %d stays cancelled)", volunteer.pk, cancelled, stays_cancelled
    )
    return volunteer


def _scrub_admin_history(volunteer: Volunteer, signup_ids: list[int]) -> None:
    # Django admin's history stores each object's str(), which is the person's name or email.
    volunteer_type = ContentType.objects.get_for_model(Volunteer)
    signup_type = ContentType.objects.get_for_model(Signup)
    LogEntry.objects.filter(content_type=volunteer_type, object_id=str(volunteer.pk)).update(
        object_repr=f"Volunteer #{volunteer.pk}", change_message=""
    )
    LogEntry.objects.filter(content_type=signup_type, object_id__in=[str(pk) for pk in signup_ids]).update(
        object_repr="Sign-up", change_message=""
    )


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
    last_seen = Greatest(
        "date_joined",
        Coalesce("last_login", fallback),
        Coalesce("last_activity_at", fallback),
        Coalesce(Max("signups__shift__ends_at"), fallback),
        output_field=DateTimeField(),
    )
    return (
        Volunteer.objects.filter(anonymised_at__isnull=True, is_staff=False, is_superuser=False)
        .filter(~Q(pk__in=Site.coordinators.through.objects.values("volunteer_id")))
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
