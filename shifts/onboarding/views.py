"""Onboarding pages: booking a briefing with a first shift, and the coordinators' buddies and briefing waivers.

Thin views: a permission check, a form, one service call, a redirect with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shifts import contact, selectors, services
from shifts.models import BriefingWaiver, Shift, Signup
from shifts.roster.access import get_roster_or_403, site_signup
from volunteers.models import Volunteer

from . import forms

PAGE_SIZE = 20


def _safe_next(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
    ):
        return candidate
    return default


@require_POST
@login_required
def signup_with_briefing(request, pk: int):
    shift = get_object_or_404(Shift.objects.select_related("mission__site"), pk=pk)
    back = _safe_next(request, reverse("shifts:detail", args=[pk]))
    try:
        briefing, booked = services.sign_up_with_briefing(volunteer=request.user, shift=shift)
    except services.SignupRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(back)
    message = _("You are booked on the briefing, %(briefing)s, and on %(shift)s. Thank you!") % {
        "briefing": selectors.describe_shift(briefing.shift),
        "shift": selectors.describe_shift(shift),
    }
    if booked.status == Signup.Status.CONFIRMED:
        messages.success(request, message)
    else:
        messages.warning(
            request,
            _(
                "You are booked on the briefing, %(briefing)s. The shift is full: you are number %(position)d on its "
                "waiting list."
            )
            % {"briefing": selectors.describe_shift(briefing.shift), "position": selectors.waitlist_position(booked)},
        )
    return redirect(back)


# --- the coordinators' side -------------------------------------------------------------------------


@require_POST
@login_required
def set_buddy(request, site_slug: str, signup_id: int):
    site = get_roster_or_403(request, site_slug)
    signup = site_signup(site, signup_id)
    day_url = reverse("roster:day", kwargs={"site_slug": site.slug, "day": signup.shift.local_starts_at.date()})
    form = forms.BuddyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a buddy from the list."))
        return redirect(_safe_next(request, day_url))
    buddy_id = form.cleaned_data["buddy"]
    buddy = get_object_or_404(Volunteer, pk=buddy_id) if buddy_id else None
    try:
        services.set_buddy(signup=signup, buddy=buddy, by=request.user)
    except services.SignupRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        if buddy is None:
            messages.success(request, _("%(name)s has no buddy any more.") % {"name": signup.volunteer.first_name})
        else:
            messages.success(
                request,
                _("%(buddy)s is %(name)s's buddy. Both have been told.")
                % {"buddy": buddy.first_name, "name": signup.volunteer.first_name},
            )
    return redirect(_safe_next(request, day_url + f"#buddy-{signup.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def briefing_waivers(request, site_slug: str):
    """Who needs no briefing at this site, and why; find someone and waive it for them."""
    site = get_roster_or_403(request, site_slug)
    form = forms.WaiverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = get_object_or_404(Volunteer, pk=form.cleaned_data["volunteer"], is_active=True)
        try:
            services.waive_briefing(volunteer=person, site=site, reason=form.cleaned_data["reason"], by=request.user)
        except services.SignupRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(
                request, _("%(name)s needs no briefing at %(site)s.") % {"name": person, "site": site.name}
            )
        return redirect(_safe_next(request, reverse("onboarding:briefing_waivers", args=[site.slug])))
    if request.method == "POST":
        messages.error(request, _("Please say why this person needs no briefing."))
    search = forms.WaiverSearchForm(request.GET or None)
    found = None
    if search.is_valid() and search.cleaned_data["q"]:
        found = Paginator(
            contact.search_people(search.cleaned_data["q"], viewer=request.user, site=site), PAGE_SIZE
        ).get_page(request.GET.get("found"))
    waivers = Paginator(
        BriefingWaiver.objects.filter(site=site).select_related("volunteer", "waived_by"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "roster/briefing_waivers.html",
        {
            "site": site,
            "search": search,
            "found": found,
            "waivers": waivers,
            "query": request.GET.get("q", ""),
            "reason_form": forms.WaiverForm(),
        },
    )
