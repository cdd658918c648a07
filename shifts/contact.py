"""Who may see a person's email and phone, and the one people search. Every page, print, CSV, message part and
API answer that shows another person's contact details asks here; none decides it again.

The rule: a person's details are *open at a site* when they gave them to that site themselves: a seat they took
themselves there (not cancelled), a walk-in's row (they gave their details on the spot), a shift they came to,
or a qualification check they asked of that site. A coordinator's booking of someone found by search, or a
cancelled row, opens nothing. Who sees open details: the site's coordinators, and a team lead on their team's
page (they act for the site on the night). Admins (volunteers.access.is_admin) see everyone's. Buddies see each
other's phone from their shift's day on.

The people search (`search_people`) shows first name and initial, languages and whether the person is free,
never contact details; an email address or a phone number matches only whole.
"""

import functools
from dataclasses import dataclass
from datetime import datetime

import phonenumbers
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from phonenumber_field.phonenumber import to_python as to_phone_number

from shifts import rules
from shifts.models import Shift, Signup
from volunteers import access
from volunteers.models import CheckRequest

Volunteer = get_user_model()

# A name searched by fewer letters than this finds nobody: "a" would list half the site.
MIN_NAME_LETTERS = 2
# However common the name, a search lists no more people than this (three pages).
MAX_NAME_RESULTS = 60


# --- the rule -----------------------------------------------------------------------------------


def _opening_rows() -> Q:
    own = Q(booked_by__isnull=True) | Q(booked_by=F("volunteer")) | Q(volunteer__is_walk_in=True)
    return (own & ~Q(status=Signup.Status.CANCELLED)) | Q(attendance=Signup.Attendance.PRESENT)


def opening_signups(site_ids=None) -> QuerySet:
    """The sign-ups that open their person's details to their site (`site_ids`: only at these sites)."""
    rows = Signup.objects.filter(_opening_rows())
    return rows if site_ids is None else rows.filter(shift__mission__site_id__in=site_ids)


def opened_at(site_id, volunteer_ref: str = "pk") -> Q:
    """A condition for annotations: the person at OuterRef(`volunteer_ref`) opened their details at `site_id`
    (an id or an OuterRef). Two EXISTS, read with the page's own query."""
    signups = opening_signups().filter(volunteer_id=OuterRef(volunteer_ref), shift__mission__site_id=site_id)
    checks = CheckRequest.objects.filter(volunteer_id=OuterRef(volunteer_ref), site_id=site_id)
    return Q(Exists(signups)) | Q(Exists(checks))


def open_at(site, volunteer_ids) -> set[int]:
    """Of `volunteer_ids`, those whose details are open at `site` (a Site or its id). One query."""
    ids = set(volunteer_ids)
    if not ids:
        return set()
    site_id = getattr(site, "pk", site)
    return set(
        Volunteer.objects.filter(pk__in=ids, anonymised_at__isnull=True)
        .filter(opened_at(site_id))
        .values_list("pk", flat=True)
    )


def sees_everyone(viewer) -> bool:
    # Admins, and staff who read every person in Django's admin anyway (volunteers.access.may_view_everyone).
    return access.may_view_everyone(viewer)


def remember_coordinates(viewer, site) -> None:
    """The roster's getter has just checked that `viewer` coordinates `site`: kept on the request's user object
    for this request, so a page with a query budget (the day roster) does not ask again."""
    viewer.__dict__.setdefault("_contact_coordinates", set()).add(getattr(site, "pk", site))


def sees_open_at(viewer, site) -> bool:
    """Whether `viewer` sees the details open at `site`: its coordinators (and admins, who see all)."""
    if getattr(site, "pk", site) in getattr(viewer, "__dict__", {}).get("_contact_coordinates", ()):
        return True
    return access.coordinates(viewer, site)


def visible_ids(viewer, *, site, volunteer_ids, leads_team: bool = False) -> set[int]:
    """Of `volunteer_ids`, the people whose email and phone `viewer` may see at `site`. One query at most.

    `leads_team`: the viewer leads a team of `site` (shifts.teams.services.is_team_lead) and sees that team as
    the site's coordinators do."""
    ids = set(volunteer_ids)
    if sees_everyone(viewer):
        return ids
    if not (leads_team or sees_open_at(viewer, site)):
        return set()
    return open_at(site, ids)


def may_see_contact(viewer, person, *, site=None) -> bool:
    """Whether `viewer` may see `person`'s email and phone: at `site`, or at any site they coordinate."""
    if person is None or getattr(person, "anonymised_at", None):
        return False
    if sees_everyone(viewer):
        return True
    if site is not None:
        return bool(visible_ids(viewer, site=site, volunteer_ids=[person.pk]))
    sites = access.coordinated_site_ids(viewer)
    if not sites:
        return False
    return (
        opening_signups(sites).filter(volunteer_id=person.pk).exists()
        or CheckRequest.objects.filter(volunteer_id=person.pk, site_id__in=sites).exists()
    )


def buddies_see_phones(shift: Shift, now: datetime | None = None) -> bool:
    """A first-timer and their buddy see each other's phone from their shift's local day on."""
    today = timezone.localtime(now or timezone.now(), shift.mission.site.tz).date()
    return today >= shift.local_starts_at.date()


def buddy_contact(person, *, shift: Shift, now: datetime | None = None) -> "Contact":
    """A buddy pair's details for each other, on pages and in messages alike: shown from the shift's local day on
    (buddies_see_phones), never before."""
    return contact_of(person, visible=buddies_see_phones(shift, now))


# --- what is shown --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """A person's details as a page shows them; all empty when hidden."""

    email: str = ""
    tel: str = ""  # the tel: link target (E.164)
    phone_international: str = ""
    phone_national: str = ""

    def __bool__(self) -> bool:
        return bool(self.email or self.tel)


HIDDEN = Contact()


@functools.lru_cache(maxsize=4096)
def phone_texts(stored: str) -> tuple[str, str, str]:
    """(tel: link target, international, national) for a phone number as stored.

    Parsing and formatting with phonenumbers costs tens of microseconds a number, and a busy day has
    ~130: done once per distinct stored value. The result depends on the string only, so it is never stale.
    """
    phone = to_phone_number(stored)
    if not phone:
        return "", "", ""
    return phone.as_e164, phone.as_international, phone.as_national


def contact_of(person, *, visible: bool, stored_phone: str | None = None) -> Contact:
    """`person`'s details when `visible` (a decision of this module), else HIDDEN. `stored_phone`: the phone's
    stored text when the caller read it as text (the day roster), to spare parsing a PhoneNumber."""
    if not visible or person is None or getattr(person, "anonymised_at", None):
        return HIDDEN
    phone = stored_phone if stored_phone is not None else str(person.phone or "")
    tel, international, national = phone_texts(phone or "")
    return Contact(email=person.email or "", tel=tel, phone_international=international, phone_national=national)


# --- the one people search ------------------------------------------------------------------------


def _whole_phone(query: str) -> str:
    """The query as an E.164 number when it is a whole, valid phone number, else ""."""
    if sum(ch.isdigit() for ch in query) < 8 or any(ch.isalpha() for ch in query):
        return ""
    try:
        number = phonenumbers.parse(query, getattr(settings, "PHONENUMBER_DEFAULT_REGION", None) or "FR")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def search_people(query: str, *, viewer, site, shift: Shift | None = None) -> QuerySet:
    """The people `viewer` (a coordinator of `site`, or an admin) may find to act for `site`.

    A whole email address or a whole phone number finds that one account (the person gave it to the
    coordinator). Words find by first or last name, each word MIN_NAME_LETTERS or more, at most
    MAX_NAME_RESULTS people, those known at `site` first. Never by part of an email or phone: the search cannot
    spell out an address or list "every number with 1234".

    Each result carries what its line may show: `public_name` (first name and initial), `languages`, and, with
    `shift`, `is_busy` (confirmed on an overlapping shift) and `on_shift` (already on this one).
    """
    query = (query or "").replace("\x00", "").strip()[:200]
    people = Volunteer.objects.filter(is_active=True, anonymised_at__isnull=True)
    if not query or not sees_open_at(viewer, site):
        return people.none()
    phone = _whole_phone(query)
    if "@" in query and " " not in query:
        found = people.filter(email__iexact=query)
    elif phone:
        found = people.filter(phone=phone)
    else:
        words = query.split()
        if any(len(word) < MIN_NAME_LETTERS for word in words):
            return people.none()
        condition = Q()
        for word in words:
            condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        # Coordinators book people new to their site and waive briefings for regulars of another: a name finds
        # anyone active, those known here first, and never more than MAX_NAME_RESULTS.
        site_id = getattr(site, "pk", site)
        known = Exists(Signup.objects.filter(volunteer_id=OuterRef("pk"), shift__mission__site_id=site_id))
        ids = (
            people.filter(condition)
            .annotate(known=known)
            .order_by("-known", "first_name", "last_name", "pk")
            .values_list("pk", flat=True)[:MAX_NAME_RESULTS]
        )
        found = people.filter(pk__in=list(ids))
    if shift is not None:
        busy = Signup.objects.confirmed().filter(
            volunteer_id=OuterRef("pk"),
            shift__is_cancelled=False,
            shift__starts_at__lt=shift.ends_at,
            shift__ends_at__gt=shift.starts_at,
        )
        on_shift = Signup.objects.active().filter(volunteer_id=OuterRef("pk"), shift_id=shift.pk)
        found = found.annotate(is_busy=Exists(busy), on_shift=Exists(on_shift))
    return found.only("first_name", "last_name", "languages", "is_walk_in", "anonymised_at").order_by(
        "first_name", "last_name", "pk"
    )


# How many people the assign page suggests before anything is typed, and how many regulars it judges for them.
SUGGESTIONS = 6
SUGGESTION_POOL = 40


def suggest_people(*, viewer, site, shift: Shift) -> list:
    """Who a coordinator of `site` could book on `shift` before typing a name: people who came to `site` before
    (a shift they did not miss, before now), free then, not on it, and let on it by the sign-up rules as a
    coordinator's booking (shifts.rules). Regulars first (most shifts here, then the latest), at most SUGGESTIONS.

    Shown as the search shows people: first name and initial, languages (`visits`: shifts done here). Two queries
    whatever the number of people: the regulars, then the rules' one read of them.
    """
    if not sees_open_at(viewer, site):
        return []
    site_id = getattr(site, "pk", site)
    came = (
        Signup.objects.filter(
            status=Signup.Status.CONFIRMED,
            shift__mission__site_id=site_id,
            shift__mission__is_briefing=False,
            shift__is_cancelled=False,
            shift__starts_at__lt=timezone.now(),
        )
        .exclude(attendance=Signup.Attendance.NO_SHOW)
        .values("volunteer_id")
        .annotate(visits=Count("pk"), last=Max("shift__starts_at"))
        .order_by("-visits", "-last", "volunteer_id")
    )
    busy = Signup.objects.confirmed().filter(
        shift__is_cancelled=False, shift__starts_at__lt=shift.ends_at, shift__ends_at__gt=shift.starts_at
    )
    came = came.exclude(volunteer_id__in=busy.values("volunteer_id")).exclude(
        volunteer_id__in=Signup.objects.active().filter(shift_id=shift.pk).values("volunteer_id")
    )
    came = came.filter(volunteer__is_active=True, volunteer__anonymised_at__isnull=True)
    visits = {row["volunteer_id"]: row["visits"] for row in came[:SUGGESTION_POOL]}
    if not visits:
        return []
    people = Volunteer.objects.filter(pk__in=list(visits))
    # The rules judge; this only leaves out, in the same read, whom the qualification rule would refuse anyway
    # (its message reads the qualifications' names, a query per refused person).
    judged = [
        person
        for person in rules.read_people(people, shift)
        if not person.rule_missing_qualifications and rules.refusal(volunteer=person, shift=shift, by=viewer) is None
    ]
    rank = {pk: position for position, pk in enumerate(visits)}
    for person in judged:
        person.visits, person.is_busy, person.on_shift = visits[person.pk], False, False
    judged.sort(key=lambda person: rank[person.pk])
    return judged[:SUGGESTIONS]
