"""The onboarding checks shifts.services applies to every sign-up, whatever the path.

Kept apart from shifts.services so that module stays about seats; imported by it, never the other way
round at import time (SignupRefused is looked up when a refusal is raised).
"""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shifts.models import BriefingWaiver, Shift, Signup
from volunteers import charter as charters
from volunteers.models import Volunteer

# A buddy has done at least this many shifts at the site (briefings are not shifts of work).
BUDDY_MIN_ATTENDED = 3


def _refused(message: str, code: str):
    from shifts.services import SignupRefused

    return SignupRefused(message, code=code)


def check_charter(*, volunteer, by=None) -> None:
    """A volunteer's own sign-up waits until they accepted the latest charter; a coordinator's booking does not."""
    if by is not None:
        return
    if charters.charter_to_accept(volunteer) is not None:
        raise _refused(
            _("We have published a new version of our charter. Please read it and accept it before you sign up."),
            "charter",
        )


def attended_at_site(volunteer, site) -> int:
    """Shifts of work `volunteer` was marked present on at `site`."""
    return Signup.objects.filter(
        volunteer=volunteer,
        attendance=Signup.Attendance.PRESENT,
        shift__mission__site_id=site.pk,
        shift__mission__is_briefing=False,
    ).count()


def check_experience(*, volunteer, shift: Shift, by=None) -> None:
    mission = shift.mission
    if not mission.min_experience:
        return
    done = attended_at_site(volunteer, mission.site)
    if done >= mission.min_experience:
        return
    missing = mission.min_experience - done
    raise _refused(
        ngettext(
            "This mission is for volunteers who have done at least %(count)d shifts at %(site)s: "
            "%(missing)d more to go.",
            "This mission is for volunteers who have done at least %(count)d shifts at %(site)s: "
            "%(missing)d more to go.",
            missing,
        )
        % {"count": mission.min_experience, "site": mission.site.name, "missing": missing},
        "experience",
    )


def local_day_end(shift: Shift) -> datetime:
    """Midnight at the end of the shift's local day, in the site's time zone."""
    day = shift.local_starts_at.date() + timedelta(days=1)
    return datetime.combine(day, datetime.min.time(), tzinfo=shift.mission.site.tz)


def _earlier_work(shift: Shift):
    """A confirmed shift of work at the site starting before `shift` (not a no-show), per person."""
    return Signup.objects.filter(
        volunteer_id=OuterRef("pk"),
        status=Signup.Status.CONFIRMED,
        shift__mission__site_id=shift.mission.site_id,
        shift__mission__is_briefing=False,
        shift__is_cancelled=False,
        shift__starts_at__lt=shift.starts_at,
    ).exclude(attendance=Signup.Attendance.NO_SHOW)


def _briefing_by_then(shift: Shift):
    return Signup.objects.filter(
        volunteer_id=OuterRef("pk"),
        status=Signup.Status.CONFIRMED,
        shift__mission__site_id=shift.mission.site_id,
        shift__mission__is_briefing=True,
        shift__is_cancelled=False,
        shift__starts_at__lt=local_day_end(shift),
    ).exclude(attendance=Signup.Attendance.NO_SHOW)


def needs_briefing(*, volunteer, shift: Shift) -> bool:
    """Whether `shift` would be the person's first at a site that asks for a briefing, with none booked on or
    before that day and no waiver. One query."""
    site = shift.mission.site
    if not site.requires_briefing or shift.mission.is_briefing:
        return False
    waived = BriefingWaiver.objects.filter(volunteer_id=OuterRef("pk"), site_id=site.pk)
    return (
        Volunteer.objects.filter(pk=volunteer.pk)
        .filter(~Exists(_earlier_work(shift)), ~Exists(_briefing_by_then(shift)), ~Exists(waived))
        .exists()
    )


def check_briefing(*, volunteer, shift: Shift, by=None) -> None:
    if not needs_briefing(volunteer=volunteer, shift=shift):
        return
    site = shift.mission.site.name
    if by is None:
        message = _(
            "Your first shift at %(site)s starts with a short briefing, on or before that day. "
            "Book a briefing first, or book both at once from the shift's page."
        )
    else:
        message = _(
            "This is this person's first shift at %(site)s and they have no briefing on or before that day: "
            "book them on a briefing first, or waive it for them from the roster's briefing page."
        )
    raise _refused(message % {"site": site}, "briefing")


def is_first_at_site(*, signup: Signup) -> bool:
    """Whether this booking earns the site's welcome with its practical guide: the site has one and the person
    has not worked a shift there yet (the welcome itself goes once per person and site: its dedupe key)."""
    site = signup.shift.mission.site
    if not site.has_practical_guide:
        return False
    return not (
        Signup.objects.filter(
            volunteer_id=signup.volunteer_id, shift__mission__site_id=site.pk, attendance=Signup.Attendance.PRESENT
        )
        .exclude(pk=signup.pk)
        .exists()
    )


def release_buddy(*, signup: Signup) -> None:
    """Someone left a shift: they are nobody's buddy on it any more (the roster suggests another)."""
    Signup.objects.filter(shift_id=signup.shift_id, buddy_id=signup.volunteer_id).update(
        buddy=None, updated_at=timezone.now()
    )


def record_walk_in_charter(*, volunteer, charter_read: bool, by) -> None:
    """A coordinator adding someone on the spot confirms they read the charter; refused when they did not."""
    charter = charters.current_charter()
    if charter is None:
        return
    if not charter_read:
        raise _refused(_("Please show them our charter and confirm they have read it and accept it."), "charter")
    charters.accept_charter(volunteer=volunteer, charter=charter, by=by)
