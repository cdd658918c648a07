"""Personal data: what each app holds about a person, what it exports and how it erases it.

Every app with a model pointing at a person keeps a small `personal_data.py` (found at start-up, like
`admin.py`) that says:

    COVERED = {"app.Model": "how it is exported and erased"}   # models pointing at the person, handled here
    EXCLUDED = {"app.Model": "why it is neither exported nor erased"}
    ERASE_PHASE = 50            # optional; lower runs first (cancel what is to come before anonymising)
    LAST_ACTIVITY = ("path__to__a__datetime",)   # optional; lookups from the person that count as activity
    def export(volunteer) -> dict: ...   # {section: JSON-able}, merged into /me/export/
    def erase(volunteer) -> None: ...    # optional; scrub what the person wrote, free what they held
    def erase_summary(volunteer) -> dict: ...   # optional; {name: count} of what erasure would cancel

This module is the registry (`export`, `erase`, `unaccounted_models`) and, as the volunteers app's own
module, declares the person, their email addresses, charter, qualifications and checks. The floor of the
house: it imports no app built on it, the apps above come to it.
"""

from types import ModuleType

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import CharterAcceptance, CheckRequest, QualificationGrant, Volunteer, new_calendar_token

DEFAULT_PHASE = 50
_modules: list[ModuleType] | None = None


def discover() -> list[ModuleType]:
    """Import every installed app's `personal_data` module, once (VolunteersConfig.ready calls it)."""
    global _modules
    if _modules is None:
        autodiscover_modules("personal_data")
        found = []
        for config in apps.get_app_configs():
            module = getattr(config.module, "personal_data", None)
            if isinstance(module, ModuleType):
                found.append(module)
        _modules = found
    return _modules


def modules_by_phase() -> list[ModuleType]:
    # sorted() is stable: within a phase, apps run in INSTALLED_APPS order.
    return sorted(discover(), key=lambda module: getattr(module, "ERASE_PHASE", DEFAULT_PHASE))


def declared() -> dict[str, dict[str, str]]:
    """{"covered": {label: how}, "excluded": {label: why}} over every app."""
    covered, excluded = {}, {}
    for module in discover():
        covered.update(getattr(module, "COVERED", {}))
        excluded.update(getattr(module, "EXCLUDED", {}))
    return {"covered": covered, "excluded": excluded}


def models_pointing_at_people() -> set[str]:
    """The labels of every model with a foreign key or many-to-many to the user model (join tables of a
    many-to-many count as the model that declares it)."""
    user_model = get_user_model()
    labels = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created and field.related_model is user_model:
                labels.add(model._meta.label)
    return labels


def unaccounted_models() -> set[str]:
    """Models pointing at a person that no app covers or excludes with a reason: each one is a bug."""
    known = declared()
    excluded = {label for label, why in known["excluded"].items() if str(why).strip()}
    return models_pointing_at_people() - set(known["covered"]) - excluded


def last_activity_lookups() -> list[str]:
    """Lookups from the person to datetimes that count as activity (anonymise_inactive reads them)."""
    return [lookup for module in discover() for lookup in getattr(module, "LAST_ACTIVITY", ())]


def export_all(volunteer: Volunteer) -> dict:
    """Every app's sections, merged; two apps never write the same section."""
    data = {"exported_at": timezone.now().isoformat()}
    for module in discover():
        export = getattr(module, "export", None)
        if export is None:
            continue
        for section, value in export(volunteer).items():
            if section in data:
                raise RuntimeError(f"{module.__name__} exports {section!r}, which another app already exports")
            data[section] = value
    return data


def erase_summary_all(volunteer: Volunteer) -> dict:
    """What each app's erasure would cancel, as numbers for the confirmation page ({name: count})."""
    summary = {}
    for module in discover():
        erase_summary = getattr(module, "erase_summary", None)
        if erase_summary is not None:
            summary.update(erase_summary(volunteer))
    return summary


def erase_all(volunteer: Volunteer) -> None:
    """Every app's erasure, lowest phase first. The caller holds the transaction."""
    for module in modules_by_phase():
        erase = getattr(module, "erase", None)
        if erase is not None:
            erase(volunteer)


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def name_of(person, volunteer) -> str | None:
    """Who recorded something about `volunteer`: "themselves", a name, or None."""
    if person is None:
        return None
    if person.pk == volunteer.pk:
        return "themselves"
    return person.get_full_name() or person.public_name


def scrub_admin_history(model, object_ids, *, label: str) -> None:
    """Django admin's history stores each object's str(), which may be the person's name or email."""
    content_type = ContentType.objects.get_for_model(model)
    LogEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in object_ids]).update(
        object_repr=label, change_message=""
    )


# --- The volunteers app's own personal data ----------------------------------------------------------------

COVERED = {
    "volunteers.Volunteer": "the profile is exported; erasure blanks it and closes the account",
    "account.EmailAddress": "exported; deleted on erasure",
    "volunteers.CharterAcceptance": "exported; kept as an anonymous fact (who recorded it is a coordinator)",
    "volunteers.QualificationGrant": "exported; deleted on erasure: no record of a check outlives the person",
    "volunteers.CheckRequest": "exported; deleted on erasure",
    "admin.LogEntry": "entries about the person lose their name and message on erasure",
}
EXCLUDED = {}
# Last: the apps above cancel and scrub while the person's account still works as before.
ERASE_PHASE = 90


def export(volunteer: Volunteer) -> dict:
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
    acceptances = CharterAcceptance.objects.filter(volunteer=volunteer).select_related("charter")
    return {
        "profile": {
            "id": volunteer.pk,
            "email": volunteer.email,
            "first_name": volunteer.first_name,
            "last_name": volunteer.last_name,
            "birth_date": iso(volunteer.birth_date),
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
            "date_joined": iso(volunteer.date_joined),
            "last_login": iso(volunteer.last_login),
            "last_activity_at": iso(volunteer.last_activity_at),
            "coordinated_sites": list(volunteer.coordinated_sites.values_list("slug", flat=True)),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary} for address in emails
        ],
        "charter_acceptances": [
            {
                "version": acceptance.charter.version,
                "accepted_at": iso(acceptance.accepted_at),
                "confirmed_by_a_coordinator": acceptance.recorded_by_id is not None,
            }
            for acceptance in acceptances.order_by("charter__version")
        ],
        "qualifications": [_export_grant(grant) for grant in grants],
        "check_requests": [
            {
                "qualification": check.qualification.slug,
                "site_slug": check.site.slug,
                "status": check.status,
                "requested_at": iso(check.requested_at),
                "closed_at": iso(check.closed_at),
                "closed_by": name_of(check.closed_by, volunteer),
            }
            for check in checks
        ],
    }


def _export_grant(grant: QualificationGrant) -> dict:
    # The fact of a check and its record (who, when, until when); no document is ever held.
    return {
        "qualification": grant.qualification.slug,
        "name": grant.qualification.name,
        "checked_by_staff": grant.qualification.needs_check,
        "granted_on": iso(grant.granted_on),
        "valid_until": iso(grant.valid_until),
        "granted_by": name_of(grant.granted_by, grant.volunteer),
        "recorded_at": iso(grant.created_at),
        "note": grant.note,
        "revoked_at": iso(grant.revoked_at),
        "revoked_by": name_of(grant.revoked_by, grant.volunteer),
    }


def erase(volunteer: Volunteer) -> None:
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
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
    EmailAddress.objects.filter(user=volunteer).delete()
    # What was checked about them goes too: no record of a check outlives the person.
    QualificationGrant.objects.filter(volunteer=volunteer).delete()
    CheckRequest.objects.filter(volunteer=volunteer).delete()
    scrub_admin_history(Volunteer, [volunteer.pk], label=f"Volunteer #{volunteer.pk}")
