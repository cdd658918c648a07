"""Who holds which qualification, and who may say so. Every path (/me/, a person's page, the roster, Django
admin) calls these; volunteers.services re-exports grant_qualification and revoke_qualification.

What is recorded is the fact of a check (who saw what kind of document, when, until when), never a document or
what it says: see volunteers.models.
"""

import logging
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from volunteers.access import may_check_everyone
from volunteers.models import CheckRequest, Qualification, QualificationGrant, Volunteer

logger = logging.getLogger(__name__)


class QualificationRefused(ValidationError):
    """A rule about qualifications said no; the message says which, in words the person understands."""


def _today() -> date:
    return timezone.localdate()


def is_qualification_admin(user) -> bool:
    return user is not None and may_check_everyone(user)


def coordinates_person(*, by, volunteer: Volunteer) -> bool:
    """`by` coordinates a site where `volunteer` signed up (any status) or asked for a check. Sign-ups are read
    through the person's own relation (`signups`), so the floor imports nothing of the shifts built on it."""
    if by is None or not by.is_authenticated:
        return False
    return (
        Volunteer.objects.filter(pk=volunteer.pk, signups__shift__mission__site__coordinators=by).exists()
        or CheckRequest.objects.filter(volunteer=volunteer, site__coordinators=by).exists()
    )


def may_check(*, by, volunteer: Volunteer) -> bool:
    """May `by` grant or revoke checked qualifications of `volunteer`? Nobody records their own check."""
    if by is None or not by.is_authenticated or not by.is_active or by.pk == volunteer.pk:
        return False
    return is_qualification_admin(by) or coordinates_person(by=by, volunteer=volunteer)


def _may_change(*, by, volunteer: Volunteer, qualification: Qualification) -> bool:
    if not qualification.needs_check and by is not None and by.pk == volunteer.pk:
        return True  # a declared qualification: people say it of themselves
    return may_check(by=by, volunteer=volunteer)


def _refuse_without_permission(*, by, volunteer, qualification) -> None:
    if _may_change(by=by, volunteer=volunteer, qualification=qualification):
        return
    if qualification.needs_check:
        message = _(
            "Only a coordinator of a site where this person signed up or asked for a check, or an admin, may record "
            "a check of %(qualification)s. Nobody records their own."
        )
    else:
        message = _("Only the person themselves, their site's coordinators or an admin may change %(qualification)s.")
    raise QualificationRefused(message % {"qualification": qualification.display_name}, code="not_allowed")


def _lock_person(volunteer: Volunteer) -> Volunteer:
    # Grants of one person queue here, so a renewal and a revocation never both see the same standing grant.
    return Volunteer.objects.select_for_update(no_key=True).get(pk=volunteer.pk)


def check_grantable(
    *, volunteer: Volunteer, qualification: Qualification, by, valid_until: date | None = None
) -> date | None:
    """What grant_qualification would refuse, without writing (for forms that show it on the form: admin).
    Returns the end of validity the grant would get."""
    _refuse_without_permission(by=by, volunteer=volunteer, qualification=qualification)
    if not volunteer.is_active or volunteer.is_anonymised:
        raise QualificationRefused(_("This account is not active."), code="inactive")
    today = _today()
    longest = today + timedelta(days=qualification.validity_days) if qualification.validity_days else None
    if valid_until is None:
        valid_until = longest
    if valid_until is not None and valid_until < today:
        raise QualificationRefused(_("The end of validity cannot be in the past."), code="valid_until_past")
    if longest is not None and valid_until > longest:
        raise QualificationRefused(
            _("%(qualification)s is trusted for %(days)d days at most: until %(day)s.")
            % {
                "qualification": qualification.display_name,
                "days": qualification.validity_days,
                "day": date_format(longest, "DATE_FORMAT"),
            },
            code="valid_until_too_late",
        )
    return valid_until


@transaction.atomic
def grant_qualification(
    *, volunteer: Volunteer, qualification: Qualification, by, valid_until: date | None = None, note: str = ""
) -> QualificationGrant:
    """Record that `volunteer` holds `qualification` from today. A standing grant of it is replaced (revoked by
    `by`, so the history shows the renewal). Checked ones expire after the qualification's validity at most."""
    _refuse_without_permission(by=by, volunteer=volunteer, qualification=qualification)
    volunteer = _lock_person(volunteer)
    valid_until = check_grantable(volunteer=volunteer, qualification=qualification, by=by, valid_until=valid_until)
    today = _today()
    now = timezone.now()
    QualificationGrant.objects.filter(volunteer=volunteer, qualification=qualification, revoked_at=None).update(
        revoked_at=now, revoked_by=by
    )
    grant = QualificationGrant(
        volunteer=volunteer,
        qualification=qualification,
        granted_by=by,
        granted_on=today,
        valid_until=valid_until,
        note=(note or "").strip(),
    )
    grant.full_clean()
    grant.save()
    CheckRequest.objects.filter(
        volunteer=volunteer, qualification=qualification, status=CheckRequest.Status.OPEN
    ).update(status=CheckRequest.Status.GRANTED, closed_at=now, closed_by=by)
    logger.info(
        "qualification %s granted to volunteer %s by %s", qualification.slug, volunteer.pk, getattr(by, "pk", None)
    )
    return grant


@transaction.atomic
def revoke_qualification(*, grant: QualificationGrant, by) -> QualificationGrant:
    """End a grant now. The row stays, with who revoked it and when: that is the record."""
    grant = QualificationGrant.objects.select_related("qualification", "volunteer").get(pk=grant.pk)
    _refuse_without_permission(by=by, volunteer=grant.volunteer, qualification=grant.qualification)
    _lock_person(grant.volunteer)
    grant = QualificationGrant.objects.select_for_update().select_related("qualification", "volunteer").get(pk=grant.pk)
    if grant.revoked_at is not None:
        raise QualificationRefused(_("This qualification was already revoked."), code="already_revoked")
    grant.revoked_at = timezone.now()
    grant.revoked_by = by
    grant.full_clean()
    grant.save(update_fields=["revoked_at", "revoked_by"])
    logger.info(
        "qualification %s of volunteer %s revoked by %s",
        grant.qualification.slug,
        grant.volunteer_id,
        getattr(by, "pk", None),
    )
    return grant


@transaction.atomic
def set_declared(*, volunteer: Volunteer, held: set[int]) -> tuple[int, int]:
    """/me/: the person says which declared qualifications they hold (ids). Returns (declared, withdrawn)."""
    declared = withdrawn = 0
    standing = {
        grant.qualification_id: grant
        for grant in QualificationGrant.objects.active().filter(volunteer=volunteer, qualification__needs_check=False)
    }
    for qualification in Qualification.objects.filter(needs_check=False):
        if qualification.pk in held and qualification.pk not in standing:
            grant_qualification(volunteer=volunteer, qualification=qualification, by=volunteer)
            declared += 1
        elif qualification.pk not in held and qualification.pk in standing:
            revoke_qualification(grant=standing[qualification.pk], by=volunteer)
            withdrawn += 1
    return declared, withdrawn


# --- Check requests -------------------------------------------------------------------------------


@transaction.atomic
def request_check(*, volunteer: Volunteer, qualification: Qualification, site) -> CheckRequest:
    """A volunteer asks the coordinators of `site` to check `qualification` (they will see the documents)."""
    volunteer = _lock_person(volunteer)
    if not qualification.needs_check:
        raise QualificationRefused(
            _("%(qualification)s needs no check: tick it yourself.") % {"qualification": qualification.display_name},
            code="declared",
        )
    if CheckRequest.objects.filter(
        volunteer=volunteer, qualification=qualification, status=CheckRequest.Status.OPEN
    ).exists():
        raise QualificationRefused(
            _("You have already asked for a check of %(qualification)s.")
            % {"qualification": qualification.display_name},
            code="already_asked",
        )
    valid_later = (
        QualificationGrant.objects.valid_on(_today())
        .filter(volunteer=volunteer, qualification=qualification)
        .filter(Q(valid_until=None) | Q(valid_until__gt=_today() + timedelta(days=30)))
    )
    if valid_later.exists():
        raise QualificationRefused(
            _("Your %(qualification)s is checked and valid for more than a month.")
            % {"qualification": qualification.display_name},
            code="already_valid",
        )
    check = CheckRequest(volunteer=volunteer, qualification=qualification, site=site)
    check.full_clean()
    check.save()
    logger.info("volunteer %s asked %s for a check of %s", volunteer.pk, site.slug, qualification.slug)
    return check


@transaction.atomic
def close_check_request(*, check: CheckRequest, by, status: str) -> CheckRequest:
    """Decline (a coordinator of its site, an admin) or withdraw (the person) an open request."""
    check = CheckRequest.objects.select_for_update().select_related("site", "qualification").get(pk=check.pk)
    if status == CheckRequest.Status.WITHDRAWN:
        allowed = by is not None and by.pk == check.volunteer_id
    elif status == CheckRequest.Status.DECLINED:
        allowed = is_qualification_admin(by) or check.site.coordinators.filter(pk=by.pk).exists()
    else:
        raise ValueError(f"a check request cannot be closed as {status}")
    if not allowed:
        raise QualificationRefused(_("You may not close this request."), code="not_allowed")
    if check.status != CheckRequest.Status.OPEN:
        raise QualificationRefused(_("This request is already closed."), code="closed")
    check.status = status
    check.closed_at = timezone.now()
    check.closed_by = by
    check.full_clean()
    check.save()
    return check


# --- Reads ------------------------------------------------------------------------------------------


def held_on(*, volunteer: Volunteer, day: date, qualification_ids) -> set[int]:
    """Which of `qualification_ids` `volunteer` holds, valid on `day`: one query."""
    return set(
        QualificationGrant.objects.valid_on(day)
        .filter(volunteer=volunteer, qualification_id__in=list(qualification_ids))
        .values_list("qualification_id", flat=True)
    )


def profile_rows(*, volunteer: Volunteer) -> dict:
    """What /me/ shows: every qualification, the person's standing grant of each, their open requests."""
    today = _today()
    standing = {
        grant.qualification_id: grant
        for grant in QualificationGrant.objects.active().filter(volunteer=volunteer).select_related("granted_by")
    }
    asked = {
        check.qualification_id: check
        for check in CheckRequest.objects.filter(volunteer=volunteer, status=CheckRequest.Status.OPEN).select_related(
            "site"
        )
    }
    rows = []
    for qualification in Qualification.objects.all():
        grant = standing.get(qualification.pk)
        rows.append(
            {
                "qualification": qualification,
                "grant": grant,
                "valid": grant is not None and grant.is_valid_on(today),
                "expires_soon": grant is not None
                and grant.valid_until is not None
                and grant.valid_until <= today + timedelta(days=30),
                "request": asked.get(qualification.pk),
            }
        )
    return {
        "declared": [row for row in rows if not row["qualification"].needs_check],
        "checked": [row for row in rows if row["qualification"].needs_check],
    }


def open_requests(*, site):
    return (
        CheckRequest.objects.filter(site=site, status=CheckRequest.Status.OPEN)
        .select_related("volunteer", "qualification")
        .order_by("requested_at", "pk")
    )
