"""Safe return for night teams: the team lead (or a coordinator) records when the team leaves and when it is
back. shifts.services re-exports team_out and team_back.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shifts.models import Shift, Signup, TeamWatch
from volunteers.access import is_admin
from volunteers.models import QualificationGrant

from . import messages

TEAM_LEAD = "team-lead"
# A team may say it is leaving this long before its shift starts (a meeting point before the round).
EARLIEST_OUT = timedelta(hours=3)


class TeamRefused(ValidationError):
    """A safe-return rule said no; the message says which."""


def is_team_lead(*, person, shift: Shift) -> bool:
    """Confirmed on `shift` and holding a team-lead qualification valid on its local date."""
    if person is None or not person.is_authenticated:
        return False
    day = shift.local_starts_at.date()
    return (
        Signup.objects.confirmed().filter(shift=shift, volunteer=person).exists()
        and QualificationGrant.objects.valid_on(day).filter(volunteer=person, qualification__slug=TEAM_LEAD).exists()
    )


def coordinates_shift(*, person, shift: Shift) -> bool:
    if person is None or not person.is_authenticated or not person.is_active:
        return False
    return is_admin(person) or shift.mission.site.coordinators.filter(pk=person.pk).exists()


def may_see_team(*, person, shift: Shift) -> bool:
    return coordinates_shift(person=person, shift=shift) or is_team_lead(person=person, shift=shift)


def _locked(shift: Shift) -> Shift:
    # The shift's row lock, as for sign-ups: out and back of one team are recorded one after the other.
    return Shift.objects.select_for_update(of=("self",), no_key=True).select_related("mission__site").get(pk=shift.pk)


def _check(*, shift: Shift, by) -> None:
    if not may_see_team(person=by, shift=shift):
        raise TeamRefused(
            _("Only the team lead of this shift or its coordinators can record this."), code="not_allowed"
        )
    if not shift.mission.needs_safe_return:
        raise TeamRefused(_("This mission has no safe-return check."), code="no_safe_return")
    if shift.is_cancelled:
        raise TeamRefused(_("This shift has been cancelled."), code="cancelled")


@transaction.atomic
def team_out(*, shift: Shift, by) -> TeamWatch:
    """The team has left: from now on, it is expected back by the end of the shift (plus the site's grace)."""
    shift = _locked(shift)
    _check(shift=shift, by=by)
    now = timezone.now()
    if now < shift.starts_at - EARLIEST_OUT:
        raise TeamRefused(_("It is too early: a team can leave from three hours before its shift."), code="too_early")
    if now >= shift.ends_at:
        raise TeamRefused(_("This shift is over: it can no longer leave."), code="over")
    watch, _created = TeamWatch.objects.select_for_update().get_or_create(shift=shift)
    if watch.out_at is not None:
        raise TeamRefused(_("The team has already left."), code="already_out")
    watch.out_at, watch.out_by = now, by
    watch.full_clean()
    watch.save(update_fields=["out_at", "out_by"])
    return watch


@transaction.atomic
def team_back(*, shift: Shift, by) -> TeamWatch:
    """The team is back. The person who pressed it gets a short confirmation and the team hears it is recorded; if
    anyone was alerted that it was late (both levels), they are told it is back."""
    shift = _locked(shift)
    _check(shift=shift, by=by)
    watch = TeamWatch.objects.select_for_update().filter(shift=shift).first()
    if watch is None or watch.out_at is None:
        raise TeamRefused(_("The team has not left yet."), code="not_out")
    if watch.back_at is not None:
        raise TeamRefused(_("The team is already back."), code="already_back")
    watch.back_at, watch.back_by = timezone.now(), by
    watch.full_clean()
    watch.save(update_fields=["back_at", "back_by"])
    told = messages.TEAM_BACK_RECORDED.notify(shift=shift, by=by)
    if watch.overdue_alerted_at is not None:
        messages.TEAM_BACK.notify(shift=shift, told_already=told)
    return watch
