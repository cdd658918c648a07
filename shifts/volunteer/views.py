"""The volunteer's pages: what needs people, browse, a shift, sign up / cancel, my shifts, the feed.

Thin views: a form for input shape, a selector for reads, one service call for writes.
"""

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shifts import selectors, services
from shifts.models import Shift, Signup
from shifts.onboarding import selectors as onboarding_selectors
from stays import selectors as stay_selectors
from utopia.middleware import public
from volunteers import services as volunteer_services
from volunteers.forms import EmergencyContactForm
from volunteers.languages import language_names
from volunteers.models import Volunteer

from . import calendar
from .forms import CancelForm, ShiftFilterForm

SHIFTS_PER_PAGE = 25
PAST_PER_PAGE = 20
UPCOMING_PER_PAGE = 20


HOME_DAYS = 3  # the days the home page looks at, and the day chips of each site


def _day_links(site, list_url: str) -> list[tuple[str, str]]:
    """Each of a site's next days (its own time zone), one tap from the home page to that day's shifts there.
    Computed here, not in the template: no query and no tag per chip."""
    today = timezone.localdate(timezone=site.tz)
    days = [today + timedelta(days=n) for n in range(HOME_DAYS)]
    names = [_("Today"), _("Tomorrow")] + [date_format(day, "D j") for day in days[2:]]
    return [
        (name, f"{list_url}?site={site.slug}&date={day.isoformat()}") for name, day in zip(names, days, strict=True)
    ]


def home(request):
    needs = selectors.needs_by_site(days=HOME_DAYS)
    shifts = selectors.with_urls(selectors.with_times([shift for need in needs for shift in need.shifts]))
    for shift in shifts:
        free = shift.seats_left
        shift.seats_text = ngettext("%(missing)s seat free", "%(missing)s seats free", free) % {"missing": free}
    list_url = reverse("shifts:list")
    for need in needs:
        need.day_links = _day_links(need.site, list_url)
    return render(request, "shifts/home.html", {"needs": needs})


def shift_list(request):
    form = ShiftFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {
            "site": form.cleaned_data["site"],
            "mission": form.cleaned_data["mission"],
            "day": form.cleaned_data["date"],
        }
    page = Paginator(selectors.browse_shifts(**filters), SHIFTS_PER_PAGE).get_page(request.GET.get("page"))
    shifts = selectors.with_urls(selectors.with_times(list(page.object_list)))
    mine = selectors.my_statuses(user=request.user, shift_ids=[shift.pk for shift in shifts])
    booked = _("%(taken)s of %(needed)s people booked")
    for shift in shifts:
        shift.my_status, shift.my_position = mine.get(shift.pk, (None, None))
        shift.booked_text = booked % {"taken": shift.confirmed_count, "needed": shift.capacity}
        waiting = shift.waitlisted_count
        shift.waiting_text = ngettext("%(waiting)s waiting", "%(waiting)s waiting", waiting) % {"waiting": waiting}
    page.object_list = shifts
    filtered = any(value is not None for value in filters.values())
    return render(request, "shifts/shift_list.html", {"form": form, "page": page, "filtered": filtered})


def _detail_url(shift_id: int) -> str:
    return reverse("shifts:detail", args=[shift_id])


def _safe_next(request, shift_id: int) -> str:
    """Where to go back to: the page the button was on when it is ours, the shift otherwise."""
    candidate = request.POST.get("next") or request.GET.get("next")
    # A path of ours only: redirect() would take anything else for a view name.
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return _detail_url(shift_id)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _login_then_back(view):
    """login_required for the POST buttons: after logging in, come back to the page, not to the POST URL."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, pk, *args, **kwargs)
        login = redirect_to_login(_safe_next(request, pk))
        if _is_htmx(request):
            # A redirect would be followed by the XHR and the login page swapped into the button.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login["Location"]
            return response
        return login

    return wrapper


def _box_context(request, shift: Shift, *, message: str = "", level: str = "", signup=None, contact_form=None) -> dict:
    return {
        "contact_form": contact_form,
        "shift": shift,
        "my_signup": signup,
        "my_position": selectors.waitlist_position(signup) if signup else None,
        "next_url": _safe_next(request, shift.pk),
        "box_message": message,
        "box_level": level,
    }


def _page_context(request, shift: Shift, *, message: str = "", level: str = "", contact_form=None) -> dict:
    """The shift's page: what it shows and the visitor's own sign-up box, from one read of the shift, so the
    count and the names of who is going always agree."""
    # First names are shown to signed-in volunteers only; anonymous visitors see how many are going.
    show_names = request.user.is_authenticated
    going, mine = selectors.going_and_mine(user=request.user, shift=shift) if show_names else ([], None)
    context = _box_context(request, shift, message=message, level=level, signup=mine, contact_form=contact_form)
    context.update(
        show_names=show_names,
        going=going,
        required_languages=language_names(shift.mission.required_languages),
    )
    return context


def shift_detail(request, pk: int):
    try:
        shift = selectors.shift_for_page(pk)
    except Shift.DoesNotExist:
        raise Http404 from None
    context = _page_context(request, shift)
    context["next_url"] = request.get_full_path()
    return render(request, "shifts/shift_detail.html", context)


def _respond(request, shift_id: int, *, message: str, level: int, contact_form=None):
    if _is_htmx(request):
        # The whole shift, not only the box: the seats, the names and the waiting list changed together.
        shift = selectors.shift_for_page(shift_id)
        context = _page_context(
            request, shift, message=message, level=messages.DEFAULT_TAGS[level], contact_form=contact_form
        )
        return render(request, "shifts/partials/shift_detail_main.html", context)
    messages.add_message(request, level, message)
    return redirect(_safe_next(request, shift_id))


def _save_emergency_contact(request, pk: int):
    """The shift page's one short step (rule emergency_contact): the two fields, saved before the same POST books.
    None when saved, else the response that says what to fix."""
    form = EmergencyContactForm(request.POST, volunteer=request.user)
    if form.is_valid():
        try:
            volunteer_services.update_profile(volunteer=request.user, changes=form.cleaned_data)
            return None
        except ValidationError as error:
            form.add_error(None, error)
    problems = dict.fromkeys(problem for errors in form.errors.values() for problem in errors)
    return _respond(request, pk, message=" ".join(problems), level=messages.ERROR, contact_form=form)


@require_POST
@_login_then_back
def signup(request, pk: int):
    if "emergency_contact_name" in request.POST:
        get_object_or_404(Shift.objects.only("pk"), pk=pk)  # nothing saved for a shift that does not exist
        problem = _save_emergency_contact(request, pk)
        if problem is not None:
            return problem
    try:
        # sign_up reads the shift (with its mission and site) as it locks it: no read of it here before.
        booked = services.sign_up(volunteer=request.user, shift=Shift(pk=pk))
    except Shift.DoesNotExist:
        raise Http404 from None
    except services.SignupRefused as refusal:
        return _respond(request, pk, message=" ".join(refusal.messages), level=messages.ERROR)
    if booked.status == Signup.Status.CONFIRMED:
        message = _("You are booked: %(shift)s. Thank you!") % {"shift": selectors.describe_shift(booked.shift)}
        return _respond(request, pk, message=message, level=messages.SUCCESS)
    message = _("The shift is full: you are number %(position)d on the waiting list.") % {
        "position": selectors.waitlist_position(booked)
    }
    return _respond(request, pk, message=message, level=messages.WARNING)


@require_http_methods(["GET", "POST"])
@_login_then_back
def cancel(request, pk: int):
    """GET asks first (and, close to the start, offers a line for the coordinators); POST cancels."""
    shift = get_object_or_404(Shift.objects.select_related("mission__site"), pk=pk)
    mine = Signup.objects.active().filter(shift=shift, volunteer=request.user).first()
    if mine is None:
        return _respond(request, pk, message=_("You are not signed up for this shift."), level=messages.ERROR)
    if request.method == "GET":
        context = {
            "shift": shift,
            "signup": mine,
            "when": selectors.describe_shift(shift),
            "is_late": mine.status == Signup.Status.CONFIRMED and services.is_late(shift),
            "next_url": _safe_next(request, pk),
            "message_max": services.CANCEL_MESSAGE_MAX,
        }
        return render(request, "shifts/cancel.html", context)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _respond(request, pk, message=" ".join(form.errors["message"]), level=messages.ERROR)
    try:
        cancelled = services.cancel(signup=mine, message=form.cleaned_data["message"])
    except services.SignupRefused as refusal:
        return _respond(request, pk, message=" ".join(refusal.messages), level=messages.ERROR)
    if mine.status == Signup.Status.WAITLISTED:
        message = _("You have left the waiting list.")
    elif cancelled.is_late_cancellation:
        message = _("Your sign-up is cancelled. The coordinators have been told, so they can find someone else.")
    else:
        message = _("Your sign-up is cancelled. Thank you for letting us know.")
    return _respond(request, pk, message=message, level=messages.SUCCESS)


def _counted_page(queryset, per_page: int, number) -> Page:
    """`Paginator(queryset, per_page).get_page(number)` in one query instead of two.

    `queryset` yields dicts (a .values() one). The page's rows carry the size of the whole list (COUNT(*) OVER ()),
    so the paginator's own COUNT is not run. A number below 1 or past the last page goes the paginator's usual
    way (it shows the last page).
    """
    paginator = Paginator(queryset, per_page)
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1  # as get_page() does
    # An implausible number also goes the paginator's way: ?page=999...9 would be an OFFSET out of range.
    if 1 <= wanted <= 10_000:
        start = (wanted - 1) * per_page
        rows = list(queryset.annotate(list_size=Window(Count("pk")))[start : start + per_page])
        if rows or wanted == 1:
            paginator.count = rows[0]["list_size"] if rows else 0  # a cached property: set, it is not computed
            page = paginator.page(wanted)
            page.object_list = rows
            return page
    return paginator.get_page(number)


@login_required
def my_shifts(request):
    volunteer = request.user
    now = timezone.now()
    feed_url = request.build_absolute_uri(reverse("shifts:calendar_feed", args=[volunteer.calendar_token]))
    # Both lists are paged: a regular volunteer books months ahead and has years behind.
    upcoming = _counted_page(
        selectors.my_upcoming_signups(volunteer=volunteer, now=now), UPCOMING_PER_PAGE, request.GET.get("upcoming")
    )
    upcoming.object_list = selectors.with_positions(selectors.my_signup_rows(upcoming.object_list), volunteer=volunteer)
    onboarding_selectors.with_my_buddies(upcoming.object_list, volunteer=volunteer)
    past = _counted_page(
        selectors.my_past_signups(volunteer=volunteer, now=now), PAST_PER_PAGE, request.GET.get("page")
    )
    past.object_list = selectors.my_signup_rows(past.object_list)
    detail_url, cancel_url = selectors.path_for_pk("shifts:detail"), selectors.path_for_pk("shifts:cancel")
    for signup in upcoming.object_list:
        signup.detail_url = detail_url(signup.shift_id)
        if not signup.shift_is_cancelled and signup.starts_at > now:
            signup.cancel_url = cancel_url(signup.shift_id)
    context = {
        "upcoming": upcoming,
        "past": past,
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        "stays": list(stay_selectors.upcoming_stays(volunteer=volunteer)[:10]),
    }
    return render(request, "shifts/my_shifts.html", context)


@require_POST
@login_required
def calendar_regenerate(request):
    volunteer_services.regenerate_calendar_token(volunteer=request.user)
    messages.success(
        request,
        _("Your calendar link has changed. The old link no longer works: subscribe again with the new one."),
    )
    return redirect("shifts:my_shifts")


@public  # its own headers: never cached, an ETag for calendar apps that poll
@require_GET
@never_cache
def calendar_feed(request, token: str):
    # No session here (calendar apps have none): the unguessable token is the only key.
    volunteer = (
        Volunteer.objects.filter(calendar_token=token, is_active=True, anonymised_at=None)
        .only("pk", "preferred_language", "calendar_token")
        .first()
    )
    if volunteer is None:
        raise Http404
    host = request.get_host()
    etag = calendar.etag(volunteer=volunteer, host=host)
    # Calendar apps poll the feed: an unchanged one is answered 304 with no body (If-None-Match), unbuilt.
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    body = calendar.build_feed(volunteer=volunteer, build_url=request.build_absolute_uri, host=host)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="utopia.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["ETag"] = etag
    return response
