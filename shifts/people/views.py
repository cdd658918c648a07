"""The person as the sites see them: their page (/volunteers/<pk>/), granting and revoking their checked
qualifications, and a site's open check requests. Who may see whom depends on sign-ups (shifts.people), so
these pages live here, above the person's own app; their URL names stay `volunteers:` and `qualifications:`
(utopia/urls.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shifts import contact
from shifts.models import Signup
from shifts.roster.access import get_roster_or_403
from volunteers import services as volunteer_services
from volunteers.models import CheckRequest, QualificationGrant, Volunteer
from volunteers.qualifications import services as qualification_services
from volunteers.qualifications import views as qualification_views
from volunteers.qualifications.forms import GrantForm

from . import can_view_volunteer, sites_visible_to

SIGNUPS_PER_PAGE = 20


@login_required
@require_GET
def detail(request, pk):
    person = get_object_or_404(Volunteer, pk=pk)
    # Same answer whether the person exists or not: nobody learns who has an account.
    if not can_view_volunteer(viewer=request.user, volunteer=person):
        raise Http404
    signups = (
        Signup.objects.filter(volunteer=person)
        .select_related("shift__mission__site")
        .order_by("-shift__starts_at", "-pk")
    )
    sites = sites_visible_to(request.user)
    if sites is not None:
        signups = signups.filter(shift__mission__site__in=sites)
    page = Paginator(signups, SIGNUPS_PER_PAGE).get_page(request.GET.get("page"))
    shown = contact.may_see_contact(request.user, person)
    return render(
        request,
        "volunteers/detail.html",
        {
            "person": person,
            "page": page,
            "age": person.age_on(volunteer_services.local_today()),
            # Whether this page shows the person's email, phone and emergency contact: the contact door decides.
            "show_contact": shown,
            "contact": contact.contact_of(person, visible=shown),
            **qualification_views.person_context(request.user, person),
        },
    )


def _person_or_404(request, pk) -> Volunteer:
    person = get_object_or_404(Volunteer, pk=pk)
    if not can_view_volunteer(viewer=request.user, volunteer=person):
        raise Http404
    return person


@login_required
@require_POST
def grant(request, pk):
    person = _person_or_404(request, pk)
    form = GrantForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("volunteers:detail", pk=person.pk)
    try:
        qualification_services.grant_qualification(volunteer=person, by=request.user, **form.cleaned_data)
    except qualification_services.QualificationRefused as refusal:
        qualification_views.refused(request, refusal)
    else:
        messages.success(
            request,
            _("%(qualification)s recorded for %(name)s.")
            % {"qualification": form.cleaned_data["qualification"].display_name, "name": person.get_full_name()},
        )
    return redirect(reverse("volunteers:detail", args=[person.pk]) + "#qualifications-title")


@login_required
@require_POST
def revoke(request, pk, grant_pk):
    person = _person_or_404(request, pk)
    grant = get_object_or_404(QualificationGrant, pk=grant_pk, volunteer=person)
    try:
        qualification_services.revoke_qualification(grant=grant, by=request.user)
    except qualification_services.QualificationRefused as refusal:
        qualification_views.refused(request, refusal)
    else:
        messages.success(request, _("%(qualification)s revoked.") % {"qualification": grant.qualification.display_name})
    return redirect(reverse("volunteers:detail", args=[person.pk]) + "#qualifications-title")


@login_required
def site_checks(request, site_slug):
    """The roster side: who asked this site for a check. Granting is done on the person's page."""
    site = get_roster_or_403(request, site_slug)
    return render(
        request,
        "volunteers/site_checks.html",
        {"site": site, "checks": qualification_services.open_requests(site=site)},
    )


@login_required
@require_POST
def decline_check(request, site_slug, pk):
    site = get_roster_or_403(request, site_slug)
    check = get_object_or_404(CheckRequest, pk=pk, site=site)
    try:
        qualification_services.close_check_request(check=check, by=request.user, status=CheckRequest.Status.DECLINED)
    except qualification_services.QualificationRefused as refusal:
        qualification_views.refused(request, refusal)
    else:
        messages.success(request, _("The request is closed without a grant."))
    return redirect("qualifications:site_checks", site_slug=site.slug)
