"""The team's phone page (/shifts/<pk>/team/) and the site's night board (/roster/<site-slug>/tonight/)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shifts import contact
from shifts.models import Notification, Shift, Signup, TeamWatch
from shifts.roster.access import get_roster_or_403
from volunteers.models import QualificationGrant

from . import services
from .messages import TEAM_OVERDUE
from .risks import with_team_risks

# The night board shows the safe-return shifts that started or start within this much of now.
TONIGHT_SPAN = timedelta(hours=18)


@dataclass
class TeamState:
    """Where a team stands, for the pages: a code for the colour and the times to show."""

    code: str  # "waiting", "out", "overdue", "back"
    out_at: datetime | None = None
    back_at: datetime | None = None
    expected_at: datetime | None = None


def team_state(shift: Shift, watch: TeamWatch | None, now: datetime) -> TeamState:
    expected = shift.ends_at
    if watch is None or watch.out_at is None:
        return TeamState("waiting", expected_at=expected)
    if watch.back_at is not None:
        return TeamState("back", out_at=watch.out_at, back_at=watch.back_at, expected_at=expected)
    late = now >= expected + timedelta(minutes=shift.mission.site.return_grace_minutes)
    return TeamState("overdue" if late else "out", out_at=watch.out_at, expected_at=expected)


def _watch_of(shift: Shift) -> TeamWatch | None:
    return TeamWatch.objects.filter(shift=shift).first()


def _team(shift: Shift) -> list[Signup]:
    return list(Signup.objects.confirmed().filter(shift=shift).select_related("volunteer").order_by("created_at", "pk"))


def _with_contacts(viewer, site, signups, *, leads_team: bool = False) -> None:
    """Each sign-up's `contact`, as shifts.contact lets `viewer` see it (one query)."""
    shown = contact.visible_ids(
        viewer, site=site, volunteer_ids={s.volunteer_id for s in signups}, leads_team=leads_team
    )
    for signup in signups:
        signup.contact = contact.contact_of(signup.volunteer, visible=signup.volunteer_id in shown)


def _leads(shifts: list[Shift], people_ids) -> dict[int, set[int]]:
    """{shift id: ids of its confirmed people holding a team-lead valid on its local day}: one query."""
    grants = QualificationGrant.objects.active().filter(
        volunteer_id__in=list(people_ids), qualification__slug=services.TEAM_LEAD
    )
    by_person: dict[int, list[QualificationGrant]] = {}
    for grant in grants:
        by_person.setdefault(grant.volunteer_id, []).append(grant)
    leads = {}
    for shift in shifts:
        day = shift.local_starts_at.date()
        leads[shift.pk] = {
            signup.volunteer_id
            for signup in shift.team
            if any(grant.is_valid_on(day) for grant in by_person.get(signup.volunteer_id, []))
        }
    return leads


@login_required
def team_page(request, pk):
    shift = get_object_or_404(Shift.objects.select_related("mission__site"), pk=pk)
    # The same answer for a shift one may not see as for one that does not exist.
    if not services.may_see_team(person=request.user, shift=shift):
        raise Http404
    shift.team = _team(shift)
    site = shift.mission.site
    now = timezone.now()
    lead_ids = _leads([shift], [signup.volunteer_id for signup in shift.team])[shift.pk]
    with_team_risks([shift])
    is_coordinator = services.coordinates_shift(person=request.user, shift=shift)
    _with_contacts(request.user, site, shift.team, leads_team=not is_coordinator)
    context = {
        "shift": shift,
        "site": site,
        "team": shift.team,
        "lead_ids": lead_ids,
        "state": team_state(shift, _watch_of(shift), now),
        "coordinators": site.coordinators.order_by("first_name", "last_name"),
        "is_coordinator": is_coordinator,
        # A team of one with no lead may still leave, but is told first that nobody would be with them.
        "goes_alone": len(shift.team) <= 1 and not lead_ids,
        "now": now,
    }
    return render(request, "shifts/team.html", context)


def _record(request, pk, action, done: str):
    shift = get_object_or_404(Shift.objects.select_related("mission__site"), pk=pk)
    if not services.may_see_team(person=request.user, shift=shift):
        raise Http404
    try:
        action(shift=shift, by=request.user)
    except services.TeamRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, done)
    return redirect("teams:team", pk=shift.pk)


@login_required
@require_POST
def out(request, pk):
    return _record(request, pk, services.team_out, _("Recorded: the team has left. Have a safe round."))


@login_required
@require_POST
def back(request, pk):
    return _record(request, pk, services.team_back, _("Recorded: the team is back. Thank you."))


@login_required
def tonight(request, site_slug):
    """The night board: teams out, expected back, overdue in red. Refreshes itself every minute (htmx)."""
    site = get_roster_or_403(request, site_slug)
    now = timezone.now()
    shifts = list(
        Shift.objects.filter(mission__site=site, mission__needs_safe_return=True, is_cancelled=False)
        .filter(
            Q(starts_at__gte=now - TONIGHT_SPAN, starts_at__lte=now + TONIGHT_SPAN)
            | Q(team_watch__out_at__isnull=False, team_watch__back_at=None)
        )
        .select_related("mission__site", "team_watch")
        .order_by("starts_at", "pk")
    )
    people = Signup.objects.confirmed().filter(shift__in=shifts).select_related("volunteer").order_by("created_at")
    teams: dict[int, list[Signup]] = {}
    for signup in people:
        teams.setdefault(signup.shift_id, []).append(signup)
    for shift in shifts:
        shift.team = teams.get(shift.pk, [])
    leads = _leads(shifts, [signup.volunteer_id for shift in shifts for signup in shift.team])
    _with_contacts(request.user, site, [signup for shift in shifts for signup in shift.team])
    with_team_risks(shifts)
    alerts = overdue_alerts_of(shifts)
    rows = []
    for shift in shifts:
        watch = _loaded_watch(shift)
        rows.append(
            {
                "shift": shift,
                "state": team_state(shift, watch, now),
                "leads": [signup for signup in shift.team if signup.volunteer_id in leads[shift.pk]],
                "alerts": alerts.get(shift.pk, []),
            }
        )
    rows.sort(key=lambda row: (row["state"].code != "overdue", row["state"].code != "out", row["shift"].starts_at))
    context = {"site": site, "rows": rows, "now": now}
    if request.headers.get("HX-Request") == "true":
        return render(request, "roster/partials/tonight_board.html", context)
    return render(request, "roster/tonight.html", context)


@dataclass
class OverdueAlert:
    """One level of a team's overdue alert as the night board tells it: when, and to whom (names, never phones)."""

    level: int
    at: datetime | None
    sent_to: list[str]
    waiting: list[str]  # recorded, not sent (yet)


def overdue_alerts_of(shifts: list[Shift]) -> dict[int, list[OverdueAlert]]:
    """{shift id: its overdue alerts, level 1 first}: one query. The shifts' `team_watch` is loaded already."""
    rows = (
        Notification.objects.filter(kind=TEAM_OVERDUE.slug, shift_id__in=[shift.pk for shift in shifts])
        .select_related("recipient")
        .order_by("shift_id", "recipient__first_name", "recipient__last_name", "pk")
    )
    by_level: dict[tuple[int, int], OverdueAlert] = {}
    watches = {shift.pk: _loaded_watch(shift) for shift in shifts}
    for row in rows:
        level = int((row.context or {}).get("level") or 1)
        alert = by_level.get((row.shift_id, level))
        if alert is None:
            watch = watches.get(row.shift_id)
            at = (watch.overdue_alerted_at if level == 1 else watch.escalated_at) if watch is not None else None
            alert = by_level[(row.shift_id, level)] = OverdueAlert(level=level, at=at, sent_to=[], waiting=[])
        name = row.recipient.get_full_name() or row.recipient.public_name
        (alert.sent_to if row.sent_at is not None else alert.waiting).append(name)
    alerts: dict[int, list[OverdueAlert]] = {}
    for (shift_id, _level), alert in sorted(by_level.items()):
        alerts.setdefault(shift_id, []).append(alert)
    return alerts


def _loaded_watch(shift: Shift) -> TeamWatch | None:
    # Loaded by select_related: a shift without a row raises rather than returning None.
    try:
        return shift.team_watch
    except TeamWatch.DoesNotExist:
        return None
