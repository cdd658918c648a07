"""The coordinators' roster: the week ahead, the day's shifts and who is on them, and the numbers.

Thin views: a getter that checks the site is the user's, a form, one call to shifts.services, a
redirect back with a message.
"""

import csv
import functools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, TextField
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from phonenumber_field.phonenumber import to_python as to_phone_number

from shifts import selectors, services
from shifts.models import Shift, Signup
from sites import services as site_services
from sites.models import Closure, Site
from volunteers.languages import language_names

from . import forms as roster_forms
from . import planning, stats

Volunteer = get_user_model()

SEARCH_PAGE_SIZE = 20
WEEK_DAYS = 7


# --- who may see what ---------------------------------------------------------------------------


def coordinated_sites(user):
    if user.is_superuser:
        return Site.objects.all()
    return user.coordinated_sites.all()


def get_roster_or_403(request, site_slug: str) -> Site:
    """The site, if the user coordinates it (or is an admin); 403 otherwise. One query: the site and whether
    the user is among its coordinators."""
    user = request.user
    mine = Site.coordinators.through.objects.filter(site_id=OuterRef("pk"), volunteer_id=user.pk)
    site = get_object_or_404(Site.objects.annotate(coordinated_by_user=Exists(mine)), slug=site_slug)
    if not (user.is_superuser or site.coordinated_by_user):
        raise PermissionDenied
    return site


def _site_shift(site: Site, pk: int) -> Shift:
    # Scoped by site: a coordinator of one site cannot reach another site's shift by its id.
    return get_object_or_404(Shift.objects.select_related("mission__site"), pk=pk, mission__site=site)


def _site_signup(site: Site, pk: int) -> Signup:
    return get_object_or_404(
        Signup.objects.select_related("shift__mission__site", "volunteer"), pk=pk, shift__mission__site=site
    )


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise Http404(_("Not a date.")) from error


def _day_url(site: Site, day: date) -> str:
    return reverse("roster:day", kwargs={"site_slug": site.slug, "day": day.isoformat()})


def _back(request, site: Site, shift: Shift | None = None):
    target = request.POST.get("next") or request.GET.get("next")
    if (
        target
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        and target.startswith("/")
    ):
        return redirect(target)
    if shift is not None:
        return redirect(_day_url(site, shift.local_starts_at.date()))
    return redirect("roster:week", site_slug=site.slug)


def _refused(request, refusal: services.SignupRefused) -> None:
    messages.error(request, " ".join(refusal.messages))


# --- index and week -----------------------------------------------------------------------------


@login_required
def index(request):
    sites = list(coordinated_sites(request.user))
    if not sites:
        raise PermissionDenied
    today = timezone.localdate()
    return render(request, "roster/index.html", {"sites": sites, "today": today})


@dataclass
class WeekCell:
    day: date
    capacity: int = 0
    confirmed: int = 0
    shifts: int = 0
    risks: list = field(default_factory=list)  # words, once each, of its shifts' team risks

    @property
    def missing(self) -> int:
        return max(self.capacity - self.confirmed, 0)

    @property
    def level(self) -> str:
        if not self.shifts:
            return "none"
        if self.missing == 0:
            return "ok"
        return "bad" if self.confirmed * 2 < self.capacity else "warn"


# What the week grid reads of each shift, and of its mission for the team risks.
WEEK_SHIFT_FIELDS = (
    "mission_id",
    "starts_at",
    "ends_at",
    "capacity",
    "confirmed_count",
    "is_cancelled",
    "mission__min_to_run",
    "mission__needs_experienced",
    "mission__site__timezone",
)


@login_required
def week(request, site_slug):
    site = get_roster_or_403(request, site_slug)
    today = timezone.localtime(timezone.now(), site.tz).date()
    try:
        start = date.fromisoformat(request.GET["start"]) if request.GET.get("start") else today
    except ValueError:
        start = today
    days = [start + timedelta(days=offset) for offset in range(WEEK_DAYS)]
    begin = datetime.combine(start, datetime.min.time(), tzinfo=site.tz)
    end = datetime.combine(start + timedelta(days=WEEK_DAYS), datetime.min.time(), tzinfo=site.tz)
    missions = list(site.missions.order_by("position", "name"))
    shifts = selectors.with_team_risks(
        Shift.objects.filter(mission__site=site, is_cancelled=False, starts_at__gte=begin, starts_at__lt=end)
        .select_related("mission__site")
        .only(*WEEK_SHIFT_FIELDS)
    )
    cells = {(m.pk, d): WeekCell(day=d) for m in missions for d in days}
    for shift in shifts:
        cell = cells.get((shift.mission_id, timezone.localtime(shift.starts_at, site.tz).date()))
        if cell is not None:
            cell.shifts += 1
            cell.capacity += shift.capacity
            cell.confirmed += shift.confirmed_count
            cell.risks += [words for words in shift.team_risk_labels if words not in cell.risks]
    rows = [{"day": d, "cells": [cells[(m.pk, d)] for m in missions]} for d in days]
    closures = Closure.objects.filter(site=site, date__gte=start).select_related("mission")[:30]
    return render(
        request,
        "roster/week.html",
        {
            "site": site,
            "missions": missions,
            "rows": rows,
            "start": start,
            "previous_week": start - timedelta(days=WEEK_DAYS),
            "next_week": start + timedelta(days=WEEK_DAYS),
            "today": today,
            "closures": closures,
            "generate_form": roster_forms.GenerateForm(initial={"start": today, "days": 14}),
            "closure_form": roster_forms.ClosureForm(site=site),
        },
    )


@login_required
@require_POST
def generate(request, site_slug):
    site = get_roster_or_403(request, site_slug)
    form = roster_forms.GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a start day and a number of days between 1 and 90."))
        return redirect("roster:week", site_slug=site.slug)
    result = planning.generate_shifts(site=site, start=form.cleaned_data["start"], days=form.cleaned_data["days"])
    messages.success(
        request,
        _("%(created)d shifts created, %(existing)d already there, %(closed)d skipped for closures.")
        % {"created": result.created, "existing": result.existing, "closed": result.closed},
    )
    return redirect(f"{reverse('roster:week', args=[site.slug])}?start={form.cleaned_data['start'].isoformat()}")


@login_required
@require_POST
def add_closure(request, site_slug):
    site = get_roster_or_403(request, site_slug)
    form = roster_forms.ClosureForm(request.POST, site=site)
    if not form.is_valid():
        messages.error(request, _("Please give the day to close."))
        return redirect("roster:week", site_slug=site.slug)
    data = form.cleaned_data
    try:
        closure = site_services.close_day(
            site=site, day=data["date"], mission=data["mission"], reason=data["reason"], by=request.user
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("roster:week", site_slug=site.slug)
    messages.success(
        request,
        _("Closed on %(day)s. Shifts already generated for that day stay: cancel them on the day's roster.")
        % {"day": closure.date.isoformat()},
    )
    return redirect("roster:week", site_slug=site.slug)


# --- the day ------------------------------------------------------------------------------------


@dataclass
class RosterShift:
    shift: Shift
    confirmed: list = field(default_factory=list)
    waitlisted: list = field(default_factory=list)
    late_cancelled: list = field(default_factory=list)
    first_timers: set = field(default_factory=set)
    languages: list = field(default_factory=list)

    @property
    def missing(self) -> int:
        return 0 if self.shift.is_cancelled else max(self.shift.capacity - len(self.confirmed), 0)


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


def _came_before(site: Site, day: date, volunteer_ids: set[int]) -> set[int]:
    """Those of `volunteer_ids` who did (or were booked on) a shift at `site` before `day`.

    An EXISTS per person stops at their first such shift, where the minimum over all their shifts here
    read every one of them (a regular has hundreds).
    """
    day_start = datetime.combine(day, datetime.min.time(), tzinfo=site.tz)
    earlier = Signup.objects.filter(
        volunteer_id=OuterRef("pk"),
        shift__mission__site=site,
        shift__is_cancelled=False,
        shift__starts_at__lt=day_start,
        status=Signup.Status.CONFIRMED,
    ).exclude(attendance=Signup.Attendance.NO_SHOW)
    came = Volunteer.objects.filter(pk__in=volunteer_ids).filter(Exists(earlier)).order_by()
    return set(came.values_list("pk", flat=True))


def day_roster(site: Site, day: date) -> list[RosterShift]:
    """Every shift of `site` on its local `day`, with its people. Three queries whatever the size.

    Each sign-up also gets `tel`, `phone_international` and `phone_national`: the volunteer's phone is
    read as its stored text rather than parsed into a PhoneNumber on every row.
    """
    people = (
        Signup.objects.filter(
            Q(status__in=[Signup.Status.CONFIRMED, Signup.Status.WAITLISTED]) | Q(is_late_cancellation=True)
        )
        .select_related("volunteer")
        # Only what the page, its print view and the CSV show: no password hash, no phone to parse.
        .only(
            "shift_id",
            "volunteer_id",
            "status",
            "is_late_cancellation",
            "attendance",
            "note",
            "volunteer__first_name",
            "volunteer__last_name",
            "volunteer__email",
            "volunteer__languages",
            "volunteer__is_walk_in",
        )
        .annotate(stored_phone=Cast("volunteer__phone", output_field=TextField()))
        .order_by("created_at", "pk")
    )
    shifts = list(
        Shift.objects.on_local_day(site, day)
        .select_related("mission__site")
        .prefetch_related(Prefetch("signups", queryset=people, to_attr="roster_signups"))
        .order_by("starts_at", "mission__position", "pk")
    )
    selectors.with_team_risks(shifts)
    volunteer_ids = {s.volunteer_id for shift in shifts for s in shift.roster_signups}
    came_before_today = _came_before(site, day, volunteer_ids) if volunteer_ids else set()
    # The start of each person's first shift of the day that counts as having been here.
    first_today: dict[int, datetime] = {}
    for shift in shifts:
        if shift.is_cancelled:
            continue
        for signup in shift.roster_signups:
            if signup.status == Signup.Status.CONFIRMED and signup.attendance != Signup.Attendance.NO_SHOW:
                first = first_today.get(signup.volunteer_id)
                if first is None or shift.starts_at < first:
                    first_today[signup.volunteer_id] = shift.starts_at
    roster = []
    for shift in shifts:
        entry = RosterShift(shift=shift)
        spoken = set()
        for signup in shift.roster_signups:
            if signup.status == Signup.Status.CONFIRMED:
                entry.confirmed.append(signup)
                spoken.update(signup.volunteer.languages or [])
            elif signup.status == Signup.Status.WAITLISTED:
                entry.waitlisted.append(signup)
            else:
                entry.late_cancelled.append(signup)
            first = first_today.get(signup.volunteer_id)
            if signup.volunteer_id not in came_before_today and (first is None or first >= shift.starts_at):
                entry.first_timers.add(signup.pk)
            signup.tel, signup.phone_international, signup.phone_national = phone_texts(signup.stored_phone or "")
        entry.languages = sorted(language_names(sorted(spoken)))
        roster.append(entry)
    return roster


def _path_maker(name: str, *args):
    """`reverse(name, args=[*args, pk])` for any number of pks at the cost of one reverse().

    The paths come out escaped for HTML, so the ~130 rows need not escape them again: the rest of the
    path is escaped once here, and a pk is an int.
    """
    marker = "8123456789"
    head, tail = (escape(part) for part in reverse(name, args=[*args, int(marker)]).rsplit(marker, 1))
    return lambda pk: SafeString(f"{head}{int(pk)}{tail}")  # escaped parts and an int  # nosec B703


# One person on the day's page. Written here rather than in the template: a busy day has ~130 of them,
# each with four forms, and the template engine spent more on them than everything else on the page.
# format_html escapes every value; the labels and the CSRF field come in already safe.
PERSON_ROW = """<li class="roster-person" id="signup-{pk}">
<p class="roster-person-name">
<strong>{name}</strong>
{badges}
</p>
{details}
<div class="roster-actions no-print">
{seat_actions}
<form method="post" action="{cancel_path}" data-confirm="{confirm_cancel}">{csrf_field}
<button type="submit" class="button button-small button-secondary">{cancel_label}</button>
</form>
<details class="roster-note-form">
<summary>{note_summary}</summary>
<form method="post" action="{note_path}">{csrf_field}
<label for="note-{pk}">{note_label}</label>
<textarea id="note-{pk}" name="note" rows="2" maxlength="1000">{note}</textarea>
<button type="submit" class="button button-small">{save_note_label}</button>
</form>
</details>
</div>
</li>
"""
ATTENDANCE_FORM = """<form method="post" action="{}">{}
<button type="submit" name="attendance" value="present" class="button button-small">{}</button>
<button type="submit" name="attendance" value="no_show" class="button button-small button-secondary">{}</button>
</form>
"""
GIVE_SEAT_FORM = """<form method="post" action="{}">{}
<button type="submit" class="button button-small">{}</button>
</form>"""


SHIFT_ACTIONS = ("assign", "walk_in", "ask_for_help", "edit_shift")


class PersonRows:
    """Writes the rows of the day's page: labels translated and paths worked out once per request."""

    def __init__(self, site: Site, csrf_field: str):
        self.csrf_field = csrf_field
        self.paths = {
            action: _path_maker(f"roster:{action}", site.slug)
            for action in ("attendance", "confirm_signup", "move", "cancel_signup", "note")
        }
        badge = '<span class="badge{}">{}</span>'
        self.badges = {
            "first_time": format_html(badge, " badge-warn", _("first time here")),
            "walk_in": format_html(badge, "", _("walk-in")),
            Signup.Attendance.PRESENT: format_html(badge, " badge-ok", _("present")),
            Signup.Attendance.NO_SHOW: format_html(badge, " badge-bad", _("no-show")),
        }
        # Escaped once here rather than on each of the ~130 rows.
        self.labels = {
            "present": _("Present"),
            "no_show": _("No-show"),
            "move": _("Move"),
            "give_seat": _("Give a seat"),
            "cancel": _("Cancel for them"),
            "change_note": _("Change the note"),
            "add_note": _("Add a note"),
            "note": _("Note"),
            "save_note": _("Save the note"),
            "note_prefix": _("Note:"),
        }
        self.labels = {key: conditional_escape(label) for key, label in self.labels.items()}
        self.take_off = _("Take %(name)s off this shift?")

    def html(self, signup: Signup, *, seated: bool, started: bool) -> str:
        labels, pk = self.labels, signup.pk
        badges = []
        if signup.is_first_time:
            badges.append(self.badges["first_time"])
        if signup.volunteer.is_walk_in:
            badges.append(self.badges["walk_in"])
        if signup.attendance in self.badges:
            badges.append(self.badges[signup.attendance])
        details = []
        if signup.tel:
            details.append(format_html('<p><a class="tel" href="tel:{}">{}</a></p>', signup.tel, signup.phone_text))
        if signup.languages_text:
            details.append(format_html('<p class="muted">{}</p>', signup.languages_text))
        if signup.note:
            details.append(format_html('<p class="roster-note">{} {}</p>', labels["note_prefix"], signup.note))
        if not seated:
            seat_actions = format_html(
                GIVE_SEAT_FORM, self.paths["confirm_signup"](pk), self.csrf_field, labels["give_seat"]
            )
        else:
            seat_actions = format_html(
                '{}<a class="button button-small button-secondary" href="{}">{}</a>',
                format_html(
                    ATTENDANCE_FORM, self.paths["attendance"](pk), self.csrf_field, labels["present"], labels["no_show"]
                )
                if started
                else "",
                self.paths["move"](pk),
                labels["move"],
            )
        return format_html(
            PERSON_ROW,
            pk=pk,
            name=signup.name or signup.volunteer.email,
            # Each piece came out of format_html, escaped already.
            badges=mark_safe("\n".join(badges)),  # noqa: S308  # nosec B308 B703
            details=mark_safe("\n".join(details)),  # noqa: S308  # nosec B308 B703
            seat_actions=seat_actions,
            cancel_path=self.paths["cancel_signup"](pk),
            confirm_cancel=self.take_off % {"name": signup.name},
            csrf_field=self.csrf_field,
            cancel_label=labels["cancel"],
            note_summary=labels["change_note"] if signup.note else labels["add_note"],
            note_path=self.paths["note"](pk),
            note_label=labels["note"],
            note=signup.note,
            save_note_label=labels["save_note"],
        )


def _prepare_rows(site: Site, roster: list[RosterShift], *, now: datetime, csrf_field: str) -> None:
    """What each shift card of the day's page shows, worked out once in Python, its people's rows written out."""
    rows = PersonRows(site, csrf_field)
    shift_paths = {action: _path_maker(f"roster:{action}", site.slug) for action in SHIFT_ACTIONS}
    spoken: dict[str, str] = {}
    for entry in roster:
        shift = entry.shift
        shift.local_start_text = f"{shift.local_starts_at:%H:%M}"
        shift.local_end_text = f"{shift.local_ends_at:%H:%M}"
        started = shift.starts_at <= now
        entry.paths = {action: make(shift.pk) for action, make in shift_paths.items()}
        for signup in entry.confirmed + entry.waitlisted + entry.late_cancelled:
            person = signup.volunteer
            signup.name = person.get_full_name()
            signup.is_first_time = signup.pk in entry.first_timers
            # Late cancellations show the shorter national form, as before.
            signup.phone_text = signup.phone_national if signup in entry.late_cancelled else signup.phone_international
            for code in person.languages or []:
                if code not in spoken:
                    spoken[code] = language_names([code])[0]
            signup.languages_text = ", ".join(spoken[code] for code in person.languages or [])
        entry.groups = [
            (
                group,
                # Rows written by format_html (PersonRows.html), escaped already.
                mark_safe(  # noqa: S308  # nosec B308 B703
                    "".join(rows.html(signup, seated=group == "confirmed", started=started) for signup in people)
                ),
            )
            for group, people in (("confirmed", entry.confirmed), ("waitlisted", entry.waitlisted))
        ]


# Where the viewer's CSRF field goes in a kept roster. It can never come from what people typed: their
# text is escaped, so a "<" of theirs is written "&lt;".
_CSRF_PLACE = "<!--csrf-->"


@login_required
def day(request, site_slug, day):
    site = get_roster_or_403(request, site_slug)
    the_day = _parse_day(day)
    if request.GET.get("print"):
        roster = day_roster(site, the_day)
        context = {"site": site, "day": the_day, "roster": roster, "now": timezone.now()}
        context["missing_total"] = sum(entry.missing for entry in roster)
        return render(request, "roster/day_print.html", context)
    now = timezone.now()

    def main() -> str:
        roster = day_roster(site, the_day)
        placeholder = mark_safe(_CSRF_PLACE)  # noqa: S308  # nosec B308 B703  # a constant
        _prepare_rows(site, roster, now=now, csrf_field=placeholder)
        context = {
            "csrf_field": placeholder,
            "site": site,
            "day": the_day,
            "roster": roster,
            "now": now,
            "previous_day": the_day - timedelta(days=1),
            "next_day": the_day + timedelta(days=1),
            "missing_total": sum(entry.missing for entry in roster),
        }
        return render_to_string("roster/partials/day_main.html", context)

    html = main()
    # What {% csrf_token %} writes, once for the page's hundreds of forms.
    csrf_field = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
    main_html = mark_safe(html.replace(_CSRF_PLACE, csrf_field))  # noqa: S308  # nosec B308 B703  # our templates' HTML
    return render(request, "roster/day.html", {"site": site, "day": the_day, "main_html": main_html})


def _csv_cell(value) -> str:
    # A cell starting with one of these is a formula in spreadsheet programs: neutralise it.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def day_csv(request, site_slug, day):
    site = get_roster_or_403(request, site_slug)
    the_day = _parse_day(day)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="roster-{site.slug}-{the_day.isoformat()}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the accents right
    writer = csv.writer(response)
    writer.writerow(
        [
            _("start"),
            _("end"),
            _("mission"),
            _("status"),
            _("first name"),
            _("last name"),
            _("phone"),
            _("email"),
            _("languages"),
            _("first time here"),
            _("late cancellation"),
            _("attendance"),
            _("note"),
        ]
    )
    for entry in day_roster(site, the_day):
        shift = entry.shift
        for signup in entry.confirmed + entry.waitlisted + entry.late_cancelled:
            person = signup.volunteer
            cells = [
                _csv_cell(v)
                for v in (
                    shift.local_starts_at.strftime("%Y-%m-%d %H:%M"),
                    shift.local_ends_at.strftime("%Y-%m-%d %H:%M"),
                    shift.mission.display_name,
                    signup.get_status_display(),
                    person.first_name,
                    person.last_name,
                )
            ]
            # A validated phone number is not free text: kept as it is so it stays readable.
            cells.append(signup.phone_international)
            cells += [
                _csv_cell(v)
                for v in (
                    person.email or "",
                    ", ".join(person.language_names),
                    _("yes") if signup.pk in entry.first_timers else "",
                    _("yes") if signup.is_late_cancellation else "",
                    signup.get_attendance_display(),
                    signup.note,
                )
            ]
            writer.writerow(cells)
    return response


# --- actions on a shift -------------------------------------------------------------------------


def search_volunteers(query: str):
    query = query.strip()
    people = Volunteer.objects.filter(is_active=True, anonymised_at__isnull=True)
    if not query:
        return people.none()
    condition = Q()
    for word in query.split():
        condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 4:
        # Phones are stored as +33612345678; a local 06 12 34 56 78 matches on its last digits.
        condition |= Q(phone__contains=digits.lstrip("0"))
    return people.filter(condition).order_by("first_name", "last_name", "pk")


@login_required
def assign(request, site_slug, shift_id):
    site = get_roster_or_403(request, site_slug)
    shift = _site_shift(site, shift_id)
    if request.method == "POST":
        form = roster_forms.AssignForm(request.POST)
        if form.is_valid():
            person = get_object_or_404(Volunteer, pk=form.cleaned_data["volunteer"], is_active=True)
            try:
                signup = services.sign_up(volunteer=person, shift=shift, by=request.user)
            except services.SignupRefused as refusal:
                _refused(request, refusal)
                return redirect(request.get_full_path())
            if signup.status == Signup.Status.CONFIRMED:
                messages.success(request, _("%(name)s is booked on this shift.") % {"name": person})
            else:
                messages.warning(request, _("The shift is full: %(name)s is on the waiting list.") % {"name": person})
            return _back(request, site, shift)
    search = roster_forms.VolunteerSearchForm(request.GET or None)
    page = None
    if search.is_valid() and search.cleaned_data["q"]:
        page = Paginator(search_volunteers(search.cleaned_data["q"]), SEARCH_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "roster/assign.html",
        {"site": site, "shift": shift, "search": search, "page": page, "query": request.GET.get("q", "")},
    )


@login_required
def walk_in(request, site_slug, shift_id):
    site = get_roster_or_403(request, site_slug)
    shift = _site_shift(site, shift_id)
    form = roster_forms.WalkInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # One transaction: a person who cannot be booked is not stored either.
            with transaction.atomic():
                person = services.add_walk_in(**form.cleaned_data, by=request.user)
                signup = services.sign_up(volunteer=person, shift=shift, by=request.user)
        except services.SignupRefused as refusal:
            fields = {"under_18": "birth_date", "email_taken": "email", "name": "last_name"}
            form.add_error(fields.get(refusal.code), refusal)
        else:
            if signup.status == Signup.Status.CONFIRMED:
                messages.success(request, _("%(name)s is booked on this shift.") % {"name": person})
            else:
                messages.warning(request, _("The shift is full: %(name)s is on the waiting list.") % {"name": person})
            return _back(request, site, shift)
    return render(request, "roster/walk_in.html", {"site": site, "shift": shift, "form": form})


@login_required
@require_POST
def ask_for_help(request, site_slug, shift_id):
    site = get_roster_or_403(request, site_slug)
    shift = _site_shift(site, shift_id)
    try:
        asked = services.ask_for_help(shift=shift, by=request.user)
    except services.SignupRefused as refusal:
        _refused(request, refusal)
    else:
        if asked:
            messages.success(
                request, _("%(count)d volunteers who are free then have been asked to come.") % {"count": asked}
            )
        else:
            messages.warning(request, _("Nobody else can be asked: everyone free and willing has had the message."))
    return _back(request, site, shift)


@login_required
def edit_shift(request, site_slug, shift_id):
    site = get_roster_or_403(request, site_slug)
    shift = _site_shift(site, shift_id)
    form = roster_forms.ShiftEditForm(request.POST or None, shift=shift)
    if request.method == "POST" and form.is_valid():
        try:
            shift = services.update_shift(shift=shift, by=request.user, **form.changes())
        except services.SignupRefused as refusal:
            form.add_error("capacity" if refusal.code == "capacity_below_confirmed" else None, refusal)
        else:
            messages.success(request, _("Shift updated. The people on it are told."))
            return _back(request, site, shift)
    return render(request, "roster/shift_edit.html", {"site": site, "shift": shift, "form": form})


@login_required
@require_POST
def cancel_shift(request, site_slug, shift_id):
    site = get_roster_or_403(request, site_slug)
    shift = _site_shift(site, shift_id)
    try:
        services.cancel_shift(shift=shift, by=request.user)
    except services.SignupRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Shift cancelled. The people on it are told."))
    return _back(request, site, shift)


# --- actions on a sign-up -----------------------------------------------------------------------


@login_required
@require_POST
def cancel_signup(request, site_slug, signup_id):
    site = get_roster_or_403(request, site_slug)
    signup = _site_signup(site, signup_id)
    try:
        services.cancel(signup=signup, by=request.user)
    except services.SignupRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("%(name)s is no longer on this shift.") % {"name": signup.volunteer})
    return _back(request, site, signup.shift)


@login_required
@require_POST
def confirm_signup(request, site_slug, signup_id):
    site = get_roster_or_403(request, site_slug)
    signup = _site_signup(site, signup_id)
    try:
        services.confirm(signup=signup, by=request.user)
    except services.SignupRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("%(name)s now has a seat.") % {"name": signup.volunteer})
    return _back(request, site, signup.shift)


@login_required
@require_POST
def attendance(request, site_slug, signup_id):
    site = get_roster_or_403(request, site_slug)
    signup = _site_signup(site, signup_id)
    form = roster_forms.AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose present or no-show."))
        return _back(request, site, signup.shift)
    try:
        signup = services.mark_attendance(signup=signup, attendance=form.cleaned_data["attendance"], by=request.user)
    except services.SignupRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(
            request,
            _("%(name)s: %(attendance)s.") % {"name": signup.volunteer, "attendance": signup.get_attendance_display()},
        )
    return _back(request, site, signup.shift)


@login_required
@require_POST
def note(request, site_slug, signup_id):
    site = get_roster_or_403(request, site_slug)
    signup = _site_signup(site, signup_id)
    form = roster_forms.NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long (1000 characters at most)."))
        return _back(request, site, signup.shift)
    services.set_note(signup=signup, note=form.cleaned_data["note"], by=request.user)
    messages.success(request, _("Note saved."))
    return _back(request, site, signup.shift)


@login_required
def move(request, site_slug, signup_id):
    site = get_roster_or_403(request, site_slug)
    signup = _site_signup(site, signup_id)
    now = timezone.now()
    choices = (
        Shift.objects.filter(mission__site=site, is_cancelled=False, starts_at__gt=now)
        .exclude(pk=signup.shift_id)
        .select_related("mission__site")
        .order_by("starts_at", "mission__position")
        .filter(starts_at__lt=max(now, signup.shift.starts_at) + timedelta(days=14))
    )
    form = roster_forms.MoveForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.move(signup=signup, to_shift=form.cleaned_data["to_shift"], by=request.user)
        except services.SignupRefused as refusal:
            form.add_error("to_shift", refusal)
        else:
            messages.success(request, _("%(name)s moved.") % {"name": signup.volunteer})
            return _back(request, site, moved.shift)
    return render(request, "roster/move.html", {"site": site, "signup": signup, "form": form})


# --- the numbers --------------------------------------------------------------------------------


@login_required
def site_stats(request, site_slug):
    site = get_roster_or_403(request, site_slug)
    report = stats.build_report(sites=[site], now=timezone.now())
    return render(request, "roster/stats.html", {"report": report, "all_sites": False})


@login_required
def all_stats(request):
    """Every site side by side: for admins."""
    if not request.user.is_superuser:
        raise PermissionDenied
    report = stats.build_report(sites=list(Site.objects.all()), now=timezone.now())
    return render(request, "roster/stats.html", {"report": report, "all_sites": True})
