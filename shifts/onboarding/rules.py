"""Onboarding facts and small writes shifts.services uses (first at a site, buddies, a walk-in's charter).

The charter, experience and briefing rules that refuse a sign-up are in shifts.rules' list, with the others.
"""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from shifts import rules as sign_up_rules
from shifts.models import Notification, Shift, Signup
from shifts.rules import SignupRefused
from volunteers import charter as charters
from volunteers.models import Volunteer

# The welcome's Notification.kind, as shifts.onboarding.messages.Welcome.slug (a test keeps the two equal).
WELCOME_KIND = "welcome"

# A buddy has done at least this many shifts at the site (briefings are not shifts of work).
BUDDY_MIN_ATTENDED = 3


def attended_at_site(volunteer, site) -> int:
    """Shifts of work `volunteer` was marked present on at `site`."""
    return Signup.objects.filter(
        volunteer=volunteer,
        attendance=Signup.Attendance.PRESENT,
        shift__mission__site_id=site.pk,
        shift__mission__is_briefing=False,
    ).count()


def needs_briefing(*, volunteer, shift: Shift) -> bool:
    """Whether `shift` would be the person's first at a site that asks for a briefing, with none booked on or
    before that day and no waiver (shifts.rules.briefing refuses then). One query."""
    site = shift.mission.site
    if not site.requires_briefing or shift.mission.is_briefing:
        return False
    facts = Volunteer.objects.annotate(**sign_up_rules.briefing_facts(site)).get(pk=volunteer.pk)
    return sign_up_rules.needs_briefing(facts, shift)


def first_at_site_facts(site) -> dict:
    """Annotations (on volunteers) for `is_first_at_site`, read with the rules' facts in the sign-up's one read of
    the person: whether they were marked present on a shift at `site`, and whether its welcome was recorded for
    them already. None when the site has no guide."""
    if not site.has_practical_guide:
        return {}
    worked = Signup.objects.filter(
        volunteer_id=OuterRef("pk"), shift__mission__site_id=site.pk, attendance=Signup.Attendance.PRESENT
    )
    welcomed = Notification.objects.filter(
        kind=WELCOME_KIND, recipient_id=OuterRef("pk"), shift__mission__site_id=site.pk
    )
    return {"onboarding_worked_here": Exists(worked), "onboarding_welcomed": Exists(welcomed)}


def is_first_at_site(*, volunteer, site) -> bool:
    """Whether a booking at `site` earns the site's welcome with its practical guide: the site has one, the person
    has not worked a shift there yet and was not welcomed there before (the welcome goes once per person and site;
    its dedupe key stays the guarantee). `volunteer` annotated with first_at_site_facts(site), before the booking."""
    return site.has_practical_guide and not volunteer.onboarding_worked_here and not volunteer.onboarding_welcomed


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
        raise SignupRefused(
            _("Please show them our charter and confirm they have read it and accept it."), code="charter"
        )
    charters.accept_charter(volunteer=volunteer, charter=charter, by=by)
