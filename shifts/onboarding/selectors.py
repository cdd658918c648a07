"""Reads for the onboarding parts of pages and messages: the briefing to offer, the buddy board, the guide."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from shifts import contact
from shifts.models import Shift, Signup
from shifts.roster.selectors import display_name
from volunteers.models import Volunteer

from .. import rules as sign_up_rules
from ..rules import local_day_end
from .rules import BUDDY_MIN_ATTENDED


def briefing_for(*, volunteer, shift: Shift) -> Shift | None:
    """The briefing to book with `shift`: one with a free seat, not started, at the same site, on or before its day.

    The closest one ending before the shift starts; failing that, the first one later on the same day.
    """
    candidates = (
        Shift.objects.filter(
            mission__site_id=shift.mission.site_id,
            mission__is_briefing=True,
            is_cancelled=False,
            starts_at__gt=timezone.now(),
            starts_at__lt=local_day_end(shift),
        )
        .exclude(pk=shift.pk)
        .filter(confirmed_count__lt=F("capacity"))
        .exclude(pk__in=Signup.objects.active().filter(volunteer=volunteer).values("shift_id"))
        .select_related("mission__site")
    )
    before = candidates.filter(ends_at__lte=shift.starts_at).order_by("-starts_at", "pk").first()
    if before is not None:
        return before
    return candidates.filter(starts_at__gte=shift.ends_at).order_by("starts_at", "pk").first()


@dataclass
class BuddyInfo:
    """Who looks after whom on one shift, from one person's side."""

    buddy: object = None  # my buddy (a Volunteer), when I am new
    looking_after: list = field(default_factory=list)  # the first-timers I look after
    show_phones: bool = False
    # As shifts.contact.buddy_contact hands them over: what pages and messages may show of each other's details.
    buddy_contact: contact.Contact = contact.HIDDEN
    looking_after_contacts: list = field(default_factory=list)  # [(person, Contact)], in looking_after's order


def looking_after_count():
    """Annotation for sign-ups: how many confirmed people on the same shift have this person as their buddy.

    Lets a batch of messages (reminders) skip the query for the many who look after nobody."""
    return Coalesce(
        Subquery(
            Signup.objects.filter(
                shift_id=OuterRef("shift_id"), buddy_id=OuterRef("volunteer_id"), status=Signup.Status.CONFIRMED
            )
            .order_by()
            .values("shift_id")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def buddy_info(signup: Signup, shift: Shift | None = None) -> BuddyInfo:
    """For a confirmed sign-up: their buddy, the people they look after, and whether phones may be shown.

    `shift`: the sign-up's shift when the caller has it loaded already (with its mission and site). Kept on
    the sign-up, so a message's text and HTML parts ask once."""
    known = getattr(signup, "_buddy_info", None)
    if known is not None:
        return known
    shift = shift or signup.shift
    info = BuddyInfo(show_phones=contact.buddies_see_phones(shift))
    if signup.status == Signup.Status.CONFIRMED:
        if signup.buddy_id:
            info.buddy = signup.buddy
            info.buddy_contact = contact.buddy_contact(info.buddy, shift=shift)
        if getattr(signup, "looking_after_count", None) != 0:
            info.looking_after = [
                other.volunteer
                for other in Signup.objects.confirmed()
                .filter(shift_id=signup.shift_id, buddy_id=signup.volunteer_id)
                .select_related("volunteer")
                .order_by("pk")
            ]
            info.looking_after_contacts = [
                (person, contact.buddy_contact(person, shift=shift)) for person in info.looking_after
            ]
    signup._buddy_info = info
    return info


@dataclass
class ShiftPageOnboarding:
    charter_to_accept: object = None
    needs_briefing: bool = False
    briefing: Shift | None = None
    buddy: BuddyInfo | None = None
    show_guide: bool = False

    shift: Shift | None = None

    refusal: object = None  # what the rule list would answer a tap (shifts.rules.SignupRefused), if anything

    @property
    def blocks_sign_up(self) -> bool:
        return bool(self.charter_to_accept or self.needs_briefing or self.refusal)

    @property
    def refusal_text(self) -> str:
        return " ".join(self.refusal.messages) if self.refusal else ""

    @property
    def briefing_start(self) -> str:
        """The briefing's start in the site's time, e.g. "09:30" (never the page's own time zone)."""
        return f"{self.briefing.local_starts_at:%H:%M}" if self.briefing else ""

    @property
    def briefing_day(self) -> date | None:
        return self.briefing.local_starts_at.date() if self.briefing else None

    @property
    def briefing_same_day(self) -> bool:
        return bool(self.briefing and self.shift and self.briefing_day == self.shift.local_starts_at.date())


def shift_page(*, user, shift: Shift, my_signup: Signup | None) -> ShiftPageOnboarding:
    """What the shift page's sign-up box shows about onboarding for this visitor. A few queries, none per row."""
    state = ShiftPageOnboarding(shift=shift)
    if not user.is_authenticated:
        return state
    if my_signup is not None:
        state.show_guide = shift.mission.site.has_practical_guide
        state.buddy = buddy_info(my_signup, shift)
        return state
    if shift.is_cancelled or shift.has_started:
        return state
    # The rule list's own read of the person (one query): the charter and the briefing get their offers below,
    # any other refusal is said before the button rather than after a tap.
    person = sign_up_rules.read_person(user, shift)
    state.charter_to_accept = person.rule_charter_pending
    state.needs_briefing = sign_up_rules.needs_briefing(person, shift)
    state.refusal = sign_up_rules.refusal(volunteer=person, shift=shift, skip=("charter", "briefing"))
    if state.needs_briefing:
        state.briefing = briefing_for(volunteer=user, shift=shift)
    return state


@dataclass
class FirstTimer:
    signup: Signup
    candidates: list  # (volunteer, shifts done here), best first
    suggested: object = None
    # As the day's rows name them (shifts.roster.selectors): the full name only to those who may see the
    # person's contact details (shifts.contact). Candidates have worked here, which opens theirs.
    name: str = ""

    @property
    def start_text(self) -> str:
        return f"{self.signup.shift.local_starts_at:%H:%M}"


@dataclass
class BuddyBoard:
    """The day page's part: the first-timers somebody on their shift could look after, and how many have nobody
    experienced on theirs (a count, not a row each: the day's page stays light on a busy day)."""

    first_timers: list = field(default_factory=list)
    without_candidates: int = 0

    def __bool__(self) -> bool:
        return bool(self.first_timers or self.without_candidates)


def _first_timers(site, signups, *, viewer) -> list[FirstTimer]:
    """Of the confirmed `signups` (every one of each shift they cover), the first-timers at `site` (nothing done
    here before that shift), each with the people on the same shift who could be their buddy (confirmed,
    BUDDY_MIN_ATTENDED or more shifts done here). Two queries at most.

    A first-timer is named in full when `viewer` may see their contact details (shifts.contact), by first name
    and initial otherwise, as on the rest of the roster.
    """
    signups = list(
        signups.filter(shift__mission__is_briefing=False, shift__is_cancelled=False)
        .annotate(
            came_before=Exists(_came_before(site)),
            reachable=ExpressionWrapper(contact.opened_at(site.pk, "volunteer_id"), output_field=BooleanField()),
        )
        .select_related("volunteer", "buddy", "shift__mission__site")
        .order_by("shift__starts_at", "shift__mission__position", "shift_id", "created_at", "pk")
    )
    see_all, sees_open = contact.sees_everyone(viewer), contact.sees_open_at(viewer, site)
    for signup in signups:
        person = signup.volunteer
        shown = not person.anonymised_at and (see_all or (sees_open and signup.reachable))
        signup.name = display_name(person) if shown else person.public_name
    return _with_candidates(site, signups)


def _came_before(site):
    """A confirmed sign-up of the same person at `site` that counts as having worked here, before the outer
    sign-up's shift (a briefing, a cancelled shift or a no-show does not count)."""
    return Signup.objects.filter(
        volunteer_id=OuterRef("volunteer_id"),
        status=Signup.Status.CONFIRMED,
        shift__mission__site_id=site.pk,
        shift__mission__is_briefing=False,
        shift__is_cancelled=False,
        shift__starts_at__lt=OuterRef("shift__starts_at"),
    ).exclude(attendance=Signup.Attendance.NO_SHOW)


def _with_candidates(site, signups: list[Signup]) -> list[FirstTimer]:
    """The first-timers among `signups` (each with `came_before`, `name`, its volunteer, buddy and shift loaded),
    each with who on their shift could be their buddy: a query for the regulars' shifts done here at most."""
    new_on = {signup.shift_id for signup in signups if not signup.came_before}
    if not new_on:
        return []
    # Only someone who worked here before can be a buddy: their shifts done here are counted, and only theirs
    # on a shift with a first-timer (none such: no query).
    regulars = {signup.volunteer_id for signup in signups if signup.came_before and signup.shift_id in new_on}
    done = (
        dict(
            Signup.objects.filter(
                volunteer_id__in=regulars,
                attendance=Signup.Attendance.PRESENT,
                shift__mission__site_id=site.pk,
                shift__mission__is_briefing=False,
            )
            .values("volunteer_id")
            .annotate(n=Count("pk"))
            .values_list("volunteer_id", "n")
        )
        if regulars
        else {}
    )
    by_shift: dict[int, list[Signup]] = {}
    for signup in signups:
        by_shift.setdefault(signup.shift_id, []).append(signup)
    first_timers = []
    for signup in signups:
        if signup.came_before:
            continue
        # Those already looking after someone on this shift come after those who are free.
        taken = Counter(other.buddy_id for other in by_shift[signup.shift_id] if other.buddy_id)
        candidates = sorted(
            (
                (other.volunteer, done.get(other.volunteer_id, 0))
                for other in by_shift[signup.shift_id]
                if other.pk != signup.pk and done.get(other.volunteer_id, 0) >= BUDDY_MIN_ATTENDED
            ),
            key=lambda pair: (taken.get(pair[0].pk, 0), -pair[1], pair[0].pk),
        )
        entry = FirstTimer(signup=signup, candidates=candidates, name=signup.name)
        entry.suggested = signup.buddy if signup.buddy_id else (candidates[0][0] if candidates else None)
        first_timers.append(entry)
    return first_timers


def buddy_board(site, day: date, *, viewer=None) -> BuddyBoard:
    """The day's first-timers at `site` for the day's page: those with a buddy or someone who could be one each get
    a line (the suggestion set in one tap); the others are counted. Two queries at most."""
    start = datetime.combine(day, datetime.min.time(), tzinfo=site.tz)
    signups = Signup.objects.confirmed().filter(
        shift__mission__site_id=site.pk, shift__starts_at__gte=start, shift__starts_at__lt=start + timedelta(days=1)
    )
    board = BuddyBoard()
    for entry in _first_timers(site, signups, viewer=viewer):
        if entry.candidates or entry.signup.buddy_id:
            board.first_timers.append(entry)
        else:
            board.without_candidates += 1
    return board


def buddy_board_for_roster(site, roster) -> BuddyBoard:
    """`buddy_board` from the day's roster already loaded (shifts.roster.selectors.day_roster: its shifts with
    their mission, their confirmed sign-ups with their people, and each row's `name` under the contact rule).
    Three queries at most: who came before each of them, the regulars' shifts done, their buddies' names."""
    signups = []
    for entry in roster:
        shift = entry.shift
        if shift.is_cancelled or shift.mission.is_briefing:
            continue
        for signup in entry.confirmed:
            signup.shift = shift  # the roster's, with its mission and site
            signups.append(signup)
    if not signups:
        return BuddyBoard()
    came = set(
        Signup.objects.filter(pk__in=[signup.pk for signup in signups])
        .filter(Exists(_came_before(site)))
        .values_list("pk", flat=True)
    )
    buddy_ids = {signup.buddy_id for signup in signups if signup.buddy_id}
    buddies = Volunteer.objects.only("first_name", "last_name").in_bulk(buddy_ids) if buddy_ids else {}
    for signup in signups:
        signup.came_before = signup.pk in came
        if signup.buddy_id:
            signup.buddy = buddies.get(signup.buddy_id)
    board = BuddyBoard()
    for entry in _with_candidates(site, signups):
        if entry.candidates or entry.signup.buddy_id:
            board.first_timers.append(entry)
        else:
            board.without_candidates += 1
    return board


def buddy_choice(signup: Signup, *, viewer=None) -> FirstTimer | None:
    """For one person's actions on the roster: when `signup` is a confirmed first-timer's, their buddy and everyone
    on the shift who could be one, until the shift is over. Two queries at most."""
    if signup.status != Signup.Status.CONFIRMED or signup.shift.ends_at <= timezone.now():
        return None
    site = signup.shift.mission.site
    signups = Signup.objects.confirmed().filter(shift_id=signup.shift_id)
    first_timers = _first_timers(site, signups, viewer=viewer)
    return next((entry for entry in first_timers if entry.signup.pk == signup.pk), None)
