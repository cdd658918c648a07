"""The coordinators' roster: the week ahead, the day's shifts and who is on them, one person's actions, and
the numbers.

Thin views: access.get_roster_or_403 checks the site is the user's, a form checks the input's shape, one call
to shifts.services (or planning) decides, and a redirect brings the coordinator back to the card they acted
on (#signup-<id> or #shift-<id>), so a long day on a phone does not send them to the top.

Every page here shows other people's data: none may be kept by a browser or a proxy
(utopia.middleware.PrivateByDefaultMiddleware sends Cache-Control: private, no-store to every logged-in person).
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shifts import contact, services
from shifts.models import Shift, Signup
from shifts.onboarding import selectors as onboarding_selectors
from sites import services as site_services
from sites.models import Site
from utopia.inputs import InputRefused, parse_day, parse_int
from volunteers.access import is_admin

from . import export, planning, selectors, stats
from . import forms as roster_forms
from .access import coordinated_sites, get_roster_or_403, in_bounds, roster_day, site_shift, site_signup

Volunteer = get_user_model()

SEARCH_PAGE_SIZE = 20


def _site_today(site: Site) -> date:
    return timezone.localtime(timezone.now(), site.tz).date()


def _day_url(site: Site, day: date, anchor: str = "") -> str:
    url = reverse("roster:day", kwargs={"site_slug": site.slug, "day": day.isoformat()})
    return f"{url}#{anchor}" if anchor else url


def _back(request, site: Site, shift: Shift, *, signup: Signup | None = None):
    """Back to the day of `shift`, at the card acted on: the person's row if it is still there, else the shift."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    anchor = f"signup-{signup.pk}" if signup is not None else f"shift-{shift.pk}"
    return redirect(_day_url(site, shift.local_starts_at.date(), anchor))


def _at_shift(site: Site, shift: Shift):
    """Back to the day at the card of `shift`, its message in the card (?at=, roster/day.html): visible where the
    page lands, on a phone too."""
    url = reverse("roster:day", kwargs={"site_slug": site.slug, "day": shift.local_starts_at.date().isoformat()})
    return redirect(f"{url}?at={shift.pk}#shift-{shift.pk}")


def _refused(request, refusal: ValidationError) -> None:
    messages.error(request, " ".join(refusal.messages))


def _form_refused(request, form, fallback: str) -> None:
    """A day outside the allowed range says which days are allowed; anything else gets `fallback`."""
    for errors in form.errors.as_data().values():
        for error in errors:
            if error.code == "out_of_range":
                messages.error(request, " ".join(error.messages))
                return
    messages.error(request, fallback)


# --- index and week -----------------------------------------------------------------------------


@login_required
def index(request):
    sites = list(coordinated_sites(request.user))
    if not sites:
        raise PermissionDenied
    return render(request, "roster/index.html", {"sites": sites, "today": timezone.localdate()})


def _week_start(request, today: date) -> date:
    value = request.GET.get("start")
    if not value:
        return today
    try:
        start = parse_day(value)
    except InputRefused as refusal:
        raise Http404(str(refusal)) from None
    if not in_bounds(start + timedelta(days=selectors.WEEK_DAYS)):
        raise Http404
    return start


@login_required
def week(request, site_slug):
    site = get_roster_or_403(request, site_slug)
    today = _site_today(site)
    start = _week_start(request, today)
    missions, rows = selectors.week_grid(site, start)
    return render(
        request,
        "roster/week.html",
        {
            "site": site,
            "missions": missions,
            "rows": rows,
            "start": start,
            "previous_week": start - timedelta(days=selectors.WEEK_DAYS),
            "next_week": start + timedelta(days=selectors.WEEK_DAYS),
            "today": today,
            "closures": selectors.upcoming_closures(site, start),
            "generate_form": roster_forms.GenerateForm(initial={"start": today, "days": 14}, today=today),
            "closure_form": roster_forms.ClosureForm(site=site, today=today),
        },
    )


@login_required
@require_POST
def generate(request, site_slug):
    site = get_roster_or_403(request, site_slug)
    form = roster_forms.GenerateForm(request.POST, today=_site_today(site))
    if not form.is_valid():
        _form_refused(request, form, _("Please give a start day and a number of days between 1 and 90."))
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
    today = _site_today(site)
    form = roster_forms.ClosureForm(request.POST, site=site, today=today)
    if not form.is_valid():
        _form_refused(request, form, _("Please give the day to close."))
        return redirect("roster:week", site_slug=site.slug)
    data = form.cleaned_data
    try:
        closure = site_services.close_day(
            site=site, day=data["date"], mission=data["mission"], reason=data["reason"], by=request.user
        )
    except ValidationError as refusal:
        _refused(request, refusal)
        return redirect("roster:week", site_slug=site.slug)
    messages.success(
        request,
        _("Closed on %(day)s. Shifts already generated for that day stay: cancel them on the day's roster.")
        % {"day": closure.date.isoformat()},
    )
    return redirect("roster:week", site_slug=site.slug)


# --- the day ------------------------------------------------------------------------------------


def _path_prefix(name: str, site: Site) -> str:
    """The path of `name` for the site with the id left off (".../signup/"), written once for a page's rows:
    the template adds each row's id, instead of reversing the URL ~130 times."""
    marker = 999999999
    path = reverse(name, args=[site.slug, marker])
    return path[: path.rindex(str(marker))]


@login_required
def day(request, site_slug, day):
    site = get_roster_or_403(request, site_slug)
    the_day = roster_day(day)
    if request.GET.get("print"):
        return export.day_print(request, site, the_day)
    roster = selectors.day_roster(site, the_day, viewer=request.user)
    today = _site_today(site)
    try:
        # The shift just acted on (?at=<pk>): its card shows the message, where the page lands.
        messages_at = parse_int(request.GET.get("at"), lo=1, hi=2**31 - 1)
    except InputRefused:
        messages_at = None
    if messages_at not in {entry.shift.pk for entry in roster}:
        messages_at = None
    return render(
        request,
        "roster/day.html",
        {
            "site": site,
            "day": the_day,
            "relative_day": {today: "today", today + timedelta(days=1): "tomorrow"}.get(the_day, ""),
            "roster": roster,
            "now": timezone.now(),
            "previous_day": the_day - timedelta(days=1) if in_bounds(the_day - timedelta(days=1)) else None,
            "next_day": the_day + timedelta(days=1) if in_bounds(the_day + timedelta(days=1)) else None,
            "missing_total": sum(entry.missing for entry in roster),
            "signup_path": _path_prefix("roster:signup", site),
            "shift_path": _path_prefix("roster:edit_shift", site),
            "board": onboarding_selectors.buddy_board_for_roster(site, roster),
            "messages_at": messages_at,
        },
    )


@login_required
def day_csv(request, site_slug, day):
    site = get_roster_or_403(request, site_slug)
    return export.day_csv(site, roster_day(day), viewer=request.user)


@login_required
def signup_actions(request, site_slug, signup_id):
    """One person on the day: what the coordinator may do for them (attendance, a seat, a move, a note, cancel).
    The day's page links here from each row, so it carries one link a person instead of four forms."""
    site = get_roster_or_403(request, site_slug)
    signup = site_signup(site, signup_id)
    person, shift = signup.volunteer, signup.shift
    may_see = contact.may_see_contact(request.user, person, site=site)
    started = shift.has_started
    return render(
        request,
        "roster/signup.html",
        {
            "site": site,
            "signup": signup,
            "shift": shift,
            "person": person,
            "name": selectors.display_name(person) if may_see else person.public_name,
            "may_see": may_see,
            "contact": contact.contact_of(person, visible=may_see),
            "started": started,
            "can_move": signup.status == Signup.Status.CONFIRMED and not shift.is_cancelled,
            "note_form": roster_forms.NoteForm(initial={"note": signup.note}),
            "back_url": _day_url(site, shift.local_starts_at.date(), f"signup-{signup.pk}"),
        },
    )


# --- actions on a shift -------------------------------------------------------------------------


def _booked_message(request, signup: Signup) -> None:
    name = signup.volunteer.public_name
    if signup.status == Signup.Status.CONFIRMED:
        messages.success(request, _("%(name)s is booked on this shift.") % {"name": name})
    else:
        messages.warning(request, _("The shift is full: %(name)s is on the waiting list.") % {"name": name})


@login_required
def assign(request, site_slug, shift_id):
    site = get_roster_or_403(request, site_slug)
    shift = site_shift(site, shift_id)
    if request.method == "POST":
        form = roster_forms.AssignForm(request.POST)
        if form.is_valid():
            person = get_object_or_404(
                Volunteer, pk=form.cleaned_data["volunteer"], is_active=True, anonymised_at__isnull=True
            )
            try:
                signup = services.sign_up(volunteer=person, shift=shift, by=request.user)
            except services.SignupRefused as refusal:
                _refused(request, refusal)
                return redirect(request.get_full_path())
            _booked_message(request, signup)
            return _at_shift(site, shift)
    search = roster_forms.VolunteerSearchForm(request.GET or None)
    page, suggestions = None, []
    if search.is_valid() and search.cleaned_data["q"]:
        found = contact.search_people(search.cleaned_data["q"], viewer=request.user, site=site, shift=shift)
        page = Paginator(found, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    elif not shift.is_cancelled and shift.ends_at > timezone.now():
        suggestions = contact.suggest_people(viewer=request.user, site=site, shift=shift)
    return render(
        request,
        "roster/assign.html",
        {
            "site": site,
            "shift": shift,
            "search": search,
            "page": page,
            "suggestions": suggestions,
            "query": request.GET.get("q", ""),
        },
    )


@login_required
def walk_in(request, site_slug, shift_id):
    site = get_roster_or_403(request, site_slug)
    shift = site_shift(site, shift_id)
    form = roster_forms.WalkInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # One transaction: a person who cannot be booked is not stored either.
            with transaction.atomic():
                data = dict(form.cleaned_data)
                waiver = data.pop("briefing_waiver", "")
                person = services.add_walk_in(**data, by=request.user)
                if waiver:
                    services.waive_briefing(volunteer=person, site=site, reason=waiver, by=request.user)
                signup = services.sign_up(volunteer=person, shift=shift, by=request.user)
        except services.SignupRefused as refusal:
            fields = {
                "under_18": "birth_date",
                "birth_date": "birth_date",
                "email_taken": "email",
                "name": "last_name",
                "charter": "charter_read",
                "briefing": "briefing_waiver",
            }
            form.add_error(fields.get(refusal.code), refusal)
        else:
            _booked_message(request, signup)
            return _at_shift(site, shift)
    return render(request, "roster/walk_in.html", {"site": site, "shift": shift, "form": form})


@login_required
def ask_for_help(request, site_slug, shift_id):
    """GET asks first ("send to N eligible volunteers?"), POST sends: one tap never messages dozens of people."""
    site = get_roster_or_403(request, site_slug)
    shift = site_shift(site, shift_id)
    if request.method == "POST":
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
    candidates = selectors.help_candidates(shift) if not (shift.is_cancelled or shift.has_started) else []
    calls = selectors.help_calls([shift.pk])
    return render(
        request,
        "roster/ask_for_help.html",
        {
            "site": site,
            "shift": shift,
            "count": len(candidates),
            "help_call": calls.get(shift.pk),
            "back_url": _day_url(site, shift.local_starts_at.date(), f"shift-{shift.pk}"),
        },
    )


@login_required
def edit_shift(request, site_slug, shift_id):
    site = get_roster_or_403(request, site_slug)
    shift = site_shift(site, shift_id)
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
    shift = site_shift(site, shift_id)
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
    signup = site_signup(site, signup_id)
    try:
        services.cancel(signup=signup, by=request.user)
    except services.SignupRefused as refusal:
        _refused(request, refusal)
        return _back(request, site, signup.shift, signup=signup)
    messages.success(request, _("%(name)s is no longer on this shift.") % {"name": signup.volunteer.public_name})
    return _back(request, site, signup.shift)


@login_required
@require_POST
def confirm_signup(request, site_slug, signup_id):
    site = get_roster_or_403(request, site_slug)
    signup = site_signup(site, signup_id)
    try:
        services.confirm(signup=signup, by=request.user)
    except services.SignupRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("%(name)s now has a seat.") % {"name": signup.volunteer.public_name})
    return _back(request, site, signup.shift, signup=signup)


@login_required
@require_POST
def attendance(request, site_slug, signup_id):
    site = get_roster_or_403(request, site_slug)
    signup = site_signup(site, signup_id)
    form = roster_forms.AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose present or no-show."))
        return _back(request, site, signup.shift, signup=signup)
    try:
        signup = services.mark_attendance(signup=signup, attendance=form.cleaned_data["attendance"], by=request.user)
    except services.SignupRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(
            request,
            _("%(name)s: %(attendance)s.")
            % {"name": signup.volunteer.public_name, "attendance": signup.get_attendance_display()},
        )
    return _back(request, site, signup.shift, signup=signup)


@login_required
@require_POST
def note(request, site_slug, signup_id):
    site = get_roster_or_403(request, site_slug)
    signup = site_signup(site, signup_id)
    form = roster_forms.NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long (1000 characters at most)."))
        return _back(request, site, signup.shift, signup=signup)
    services.set_note(signup=signup, note=form.cleaned_data["note"], by=request.user)
    messages.success(request, _("Note saved."))
    return _back(request, site, signup.shift, signup=signup)


@login_required
def move(request, site_slug, signup_id):
    site = get_roster_or_403(request, site_slug)
    signup = site_signup(site, signup_id)
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
            messages.success(request, _("%(name)s moved.") % {"name": signup.volunteer.public_name})
            return _back(request, site, moved.shift, signup=moved)
    return render(
        request,
        "roster/move.html",
        {
            "site": site,
            "signup": signup,
            "form": form,
            "name": signup.volunteer.public_name,
            "back_url": _day_url(site, signup.shift.local_starts_at.date(), f"signup-{signup.pk}"),
        },
    )


# --- the numbers --------------------------------------------------------------------------------


@login_required
def site_stats(request, site_slug):
    site = get_roster_or_403(request, site_slug)
    report = stats.build_report(sites=[site], now=timezone.now())
    return render(request, "roster/stats.html", {"report": report, "all_sites": False})


@login_required
def all_stats(request):
    """Every site side by side: for admins."""
    if not is_admin(request.user):
        raise PermissionDenied
    report = stats.build_report(sites=list(Site.objects.all()), now=timezone.now())
    return render(request, "roster/stats.html", {"report": report, "all_sites": True})
