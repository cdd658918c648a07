"""The volunteer's pages: what needs people, browse, a shift, sign up / cancel, my shifts, the feed.

Thin views: a form for input shape, a selector for reads, one service call for writes.
"""

import re
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from shifts import fragments, selectors, services
from shifts.models import Shift, Signup
from volunteers.languages import language_names
from volunteers.models import Volunteer

from . import calendar
from .forms import ShiftFilterForm

SHIFTS_PER_PAGE = 25
PAST_PER_PAGE = 20
UPCOMING_PER_PAGE = 20


def home(request):
    def sites_html():
        needs = selectors.needs_by_site()
        selectors.with_urls(selectors.with_times([shift for need in needs for shift in need.shifts]))
        return render_to_string("shifts/partials/home_sites.html", {"needs": needs})

    return render(request, "shifts/home.html", {"sites_html": fragments.cached_html("home-sites", sites_html)})


# The list's query parameters. A request with only these shares its fragment with everyone asking the same.
LIST_PARAMETERS = {"site", "mission", "date", "page"}
_MINE = re.compile(r"<!--mine:(\d+)-->(.*?)<!--/mine-->", re.DOTALL)


def shift_list(request):
    def main() -> dict:
        form = ShiftFilterForm(request.GET or None)
        filters = {}
        if form.is_bound and form.is_valid():
            filters = {
                "site": form.cleaned_data["site"],
                "mission": form.cleaned_data["mission"],
                "day": form.cleaned_data["date"],
            }
        page = Paginator(selectors.browse_shifts(**filters), SHIFTS_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = selectors.with_urls(selectors.with_times(list(page.object_list)))
        filtered = any(value is not None for value in filters.values())
        context = {"form": form, "page": page, "filtered": filtered}
        html = render_to_string("shifts/partials/shift_list_main.html", context, request=request)
        return {"html": html, "urls": {shift.pk: shift.url for shift in page.object_list}}

    shareable = set(request.GET) <= LIST_PARAMETERS and len(request.META.get("QUERY_STRING", "")) <= 200
    if shareable:
        entry = fragments.cached("shift-list:" + urlencode(sorted(request.GET.items())), main)
    else:
        entry = main()
    # Then the visitor's own part of each row: their status where they have one, the plain way in elsewhere.
    mine = selectors.my_statuses(user=request.user, shift_ids=entry["urls"])

    def row(match):
        shift_id = int(match.group(1))
        if shift_id not in mine:
            return match.group(2)
        status, position = mine[shift_id]
        context = {"shift": {"url": entry["urls"][shift_id]}, "my_status": status, "my_position": position}
        return render_to_string("shifts/partials/shift_row_mine.html", context)

    main_html = mark_safe(_MINE.sub(row, entry["html"]))  # noqa: S308  # nosec B308 B703  # our templates' HTML
    return render(request, "shifts/shift_list.html", {"main_html": main_html})


def _detail_url(shift_id: int) -> str:
    return reverse("shifts:detail", args=[shift_id])


def _safe_next(request, shift_id: int) -> str:
    """Where to go back to: the page the button was on when it is ours, the shift otherwise."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
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


def _box_context(request, shift: Shift, *, message: str = "", level: str = "") -> dict:
    signup = selectors.my_signup(user=request.user, shift=shift)
    return {
        "shift": shift,
        "my_signup": signup,
        "my_position": services.waitlist_position(signup) if signup else None,
        "next_url": _safe_next(request, shift.pk),
        "box_message": message,
        "box_level": level,
    }


# Where the visitor's own sign-up box goes in a kept shift page. Never in what people typed: their "<" is "&lt;".
_BOX_PLACE = "<!--signup-box-->"


def shift_detail(request, pk: int):
    # First names are shown to signed-in volunteers only; anonymous visitors see how many are going.
    show_names = request.user.is_authenticated

    def main() -> dict | None:
        try:
            shift = selectors.shift_for_page(pk)
        except Shift.DoesNotExist:
            return None
        context = {
            "shift": shift,
            "show_names": show_names,
            "going": selectors.going(shift) if show_names else [],
            "required_languages": language_names(shift.mission.required_languages),
            "signup_box": mark_safe(_BOX_PLACE),  # noqa: S308  # nosec B308 B703  # a constant
        }
        return {"shift": shift, "html": render_to_string("shifts/partials/shift_detail_main.html", context)}

    entry = fragments.cached(f"shift:{pk}:{int(show_names)}", main)
    if entry is None:
        raise Http404
    shift = entry["shift"]
    context = _box_context(request, shift)
    context["next_url"] = request.get_full_path()
    box = render_to_string("shifts/partials/signup_box.html", context, request=request)
    main_html = mark_safe(entry["html"].replace(_BOX_PLACE, box))  # noqa: S308  # nosec B308 B703  # our templates' HTML
    return render(request, "shifts/shift_detail.html", {"shift": shift, "main_html": main_html})


def _respond(request, shift_id: int, *, message: str, level: int):
    if _is_htmx(request):
        shift = selectors.shift_for_page(shift_id)
        context = _box_context(request, shift, message=message, level=messages.DEFAULT_TAGS[level])
        return render(request, "shifts/partials/signup_box.html", context)
    messages.add_message(request, level, message)
    return redirect(_safe_next(request, shift_id))


@require_POST
@_login_then_back
def signup(request, pk: int):
    shift = get_object_or_404(Shift.objects.select_related("mission__site"), pk=pk)
    try:
        booked = services.sign_up(volunteer=request.user, shift=shift)
    except services.SignupRefused as refusal:
        return _respond(request, pk, message=" ".join(refusal.messages), level=messages.ERROR)
    if booked.status == Signup.Status.CONFIRMED:
        message = _("You are booked: %(shift)s. Thank you!") % {"shift": services.describe_shift(shift)}
        return _respond(request, pk, message=message, level=messages.SUCCESS)
    message = _("The shift is full: you are number %(position)d on the waiting list.") % {
        "position": services.waitlist_position(booked)
    }
    return _respond(request, pk, message=message, level=messages.WARNING)


@require_POST
@_login_then_back
def cancel(request, pk: int):
    shift = get_object_or_404(Shift.objects.select_related("mission__site"), pk=pk)
    mine = Signup.objects.active().filter(shift=shift, volunteer=request.user).first()
    if mine is None:
        return _respond(request, pk, message=_("You are not signed up for this shift."), level=messages.ERROR)
    try:
        cancelled = services.cancel(signup=mine)
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


# Where the viewer's CSRF field goes in a kept page. Never in what people typed: their "<" is "&lt;".
_CSRF_PLACE = "<!--csrf-->"


@never_cache  # their private calendar link and their shifts: Cache-Control: private, no-store
@login_required
def my_shifts(request):
    volunteer = request.user
    now = timezone.now()
    feed_path = reverse("shifts:calendar_feed", args=[volunteer.calendar_token])
    feed_url = request.build_absolute_uri(feed_path)

    def main() -> str:
        # Both lists are paged: a regular volunteer books months ahead and has years behind.
        upcoming = _counted_page(
            selectors.my_upcoming_signups(volunteer=volunteer, now=now), UPCOMING_PER_PAGE, request.GET.get("upcoming")
        )
        upcoming.object_list = selectors.with_positions(
            selectors.my_signup_rows(upcoming.object_list), volunteer=volunteer
        )
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
            "my_shifts_url": reverse("shifts:my_shifts"),
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
            "csrf_field": mark_safe(_CSRF_PLACE),  # noqa: S308  # nosec B308 B703  # a constant
        }
        return render_to_string("shifts/partials/my_shifts_main.html", context, request=request)

    # Until one of their sign-ups, shifts or waiting lists changes (signals: shifts/fragments.py), and a new
    # minute, as shifts start and end. The pages asked for and the address of the feed are part of the key.
    parts = (request.GET.get("upcoming", ""), request.GET.get("page", ""), feed_url, f"{now:%Y%m%d%H%M}")
    if set(request.GET) <= {"upcoming", "page"} and all(len(part) <= 200 for part in parts):
        html = fragments.cached_for(volunteer.pk, "my-shifts:" + urlencode(list(enumerate(parts))), main)
    else:
        html = main()
    csrf_field = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
    main_html = mark_safe(html.replace(_CSRF_PLACE, csrf_field))  # noqa: S308  # nosec B308 B703  # our templates' HTML
    return render(request, "shifts/my_shifts.html", {"main_html": main_html})


@require_POST
@login_required
def calendar_regenerate(request):
    calendar.regenerate_token(volunteer=request.user)
    messages.success(
        request,
        _("Your calendar link has changed. The old link no longer works: subscribe again with the new one."),
    )
    return redirect("shifts:my_shifts")


@require_GET
@never_cache
def calendar_feed(request, token: str):
    # No session here (calendar apps have none): the unguessable token is the only key.
    volunteer = (
        Volunteer.objects.filter(calendar_token=token, is_active=True, anonymised_at=None)
        .only("pk", "preferred_language")
        .first()
    )
    if volunteer is None:
        raise Http404
    host = request.get_host()

    def feed() -> tuple[bytes, str]:
        body = calendar.build_feed(volunteer=volunteer, build_url=request.build_absolute_uri, host=host)
        return body, calendar.etag(body)

    # Kept until one of their sign-ups or shifts changes (shifts/fragments.py), and a new minute (the feed
    # keeps the last weeks: its window moves).
    now = timezone.now()
    key = f"feed:{host}:{volunteer.preferred_language}:{now:%Y%m%d%H%M}"
    body, etag = fragments.cached_for(volunteer.pk, key, feed) if len(host) <= 200 else feed()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="utopia.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Calendar apps poll the feed: an unchanged one is answered 304 with no body (If-None-Match).
    response["ETag"] = etag
    return get_conditional_response(request, etag=response["ETag"], response=response)
