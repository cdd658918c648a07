"""Onboarding writes: a briefing and a first shift booked together, briefing waivers, buddies.

Named in shifts.services (the one door for writes with rules) and built on its locks and sign_up.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shifts import services as core
from shifts.models import BriefingWaiver, Shift, Signup

from . import messages, rules, selectors


@transaction.atomic
def sign_up_with_briefing(*, volunteer, shift: Shift, by=None) -> tuple[Signup, Signup]:
    """Book the briefing selectors.briefing_for picks and `shift`, both or neither.

    The briefing needs a seat (a place on its waiting list is no briefing); `shift` is booked as sign_up
    books it (a seat, or its waiting list). Returns (briefing sign-up, shift sign-up).
    """
    briefing = selectors.briefing_for(volunteer=volunteer, shift=shift)
    if briefing is None:
        raise core.SignupRefused(
            _("There is no briefing with a free seat on or before this day. Please choose another day."),
            code="briefing",
        )
    # Both shifts locked first, in primary-key order, then the person (inside sign_up), as every other
    # booking takes them: two people racing for the last briefing seat queue here, and the second one
    # finds it full.
    core._lock_shifts(briefing.pk, shift.pk)
    briefing_signup = core.sign_up(volunteer=volunteer, shift=briefing, by=by)
    if briefing_signup.status != Signup.Status.CONFIRMED:
        # Raising rolls back the whole transaction: no place on the briefing's waiting list either.
        raise core.SignupRefused(
            _("The briefing has just filled up, so nothing was booked. Please choose another day."),
            code="briefing_full",
        )
    shift_signup = core.sign_up(volunteer=volunteer, shift=shift, by=by)
    return briefing_signup, shift_signup


@transaction.atomic
def waive_briefing(*, volunteer, site, reason: str, by) -> BriefingWaiver:
    reason = (reason or "").strip()
    if not reason:
        raise core.SignupRefused(_("Please say why this person needs no briefing."), code="reason")
    if BriefingWaiver.objects.filter(volunteer=volunteer, site=site).exists():
        raise core.SignupRefused(
            _("The briefing at %(site)s is already waived for this person.") % {"site": site.name},
            code="already_waived",
        )
    waiver = BriefingWaiver(volunteer=volunteer, site=site, reason=reason, waived_by=by, created_at=timezone.now())
    waiver.full_clean()
    waiver.save()
    return waiver


@transaction.atomic
def set_buddy(*, signup: Signup, buddy, by) -> Signup:
    """`buddy` looks after the person of `signup` on that shift; both are told. `buddy=None` takes it away."""
    shift = core._lock_shift(signup.shift_id)
    signup = core._lock_signup(signup.pk)
    if buddy is None:
        if signup.buddy_id is not None:
            signup.buddy = None
            signup.save(update_fields=["buddy", "updated_at"])
        return signup
    site = shift.mission.site
    if shift.is_cancelled:
        raise core.SignupRefused(_("This shift has been cancelled."), code="cancelled")
    if shift.ends_at <= timezone.now():
        raise core.SignupRefused(_("This shift is over."), code="over")
    if signup.status != Signup.Status.CONFIRMED:
        raise core.SignupRefused(_("Only a confirmed person can have a buddy."), code="not_confirmed")
    if buddy.pk == signup.volunteer_id:
        raise core.SignupRefused(_("Nobody can be their own buddy."), code="buddy_self")
    if not Signup.objects.confirmed().filter(shift=shift, volunteer=buddy).exists():
        raise core.SignupRefused(
            _("%(name)s is not confirmed on this shift: a buddy works the same shift.") % {"name": buddy.public_name},
            code="buddy_not_on_shift",
        )
    done = rules.attended_at_site(buddy, site)
    if done < rules.BUDDY_MIN_ATTENDED:
        raise core.SignupRefused(
            _(
                "%(name)s has done %(done)d shifts at %(site)s; a buddy needs at least %(needed)d "
                "to show a newcomer around."
            )
            % {"name": buddy.public_name, "done": done, "site": site.name, "needed": rules.BUDDY_MIN_ATTENDED},
            code="buddy_inexperienced",
        )
    if signup.buddy_id == buddy.pk:
        return signup
    signup.buddy = buddy
    signup.full_clean()
    signup.save(update_fields=["buddy", "updated_at"])
    messages.announce_buddy(signup=signup)
    return signup
