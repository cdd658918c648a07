"""Qualifications on /me/; what a person's page shows of them (person_context). The pages that depend on where
people signed up (granting on a person's page, a site's check requests) are in shifts/people/views.py.

Thin views: a form, one service call, a redirect with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from volunteers.models import CheckRequest, QualificationGrant, Volunteer

from . import services
from .forms import CheckRequestForm, DeclaredForm, GrantForm


def profile_context(volunteer: Volunteer) -> dict:
    """What /me/ adds for qualifications (volunteers.views.me)."""
    rows = services.profile_rows(volunteer=volunteer)
    held = [row["qualification"].pk for row in rows["declared"] if row["grant"] is not None]
    return {
        "qualification_rows": rows,
        "declared_form": DeclaredForm(initial={"held": held}),
        "check_form": CheckRequestForm(),
    }


def person_context(viewer, person: Volunteer) -> dict:
    """What a person's page (volunteers.views.detail) adds: their grants, and the grant form for who may use it."""
    grants = list(
        QualificationGrant.objects.filter(volunteer=person)
        .select_related("qualification", "granted_by", "revoked_by")
        .order_by("revoked_at", "-created_at")
    )
    may_check = services.may_check(by=viewer, volunteer=person)
    today = services._today()
    for grant in grants:
        grant.valid_today = grant.is_valid_on(today)
        grant.may_revoke = may_check or (not grant.qualification.needs_check and viewer.pk == person.pk)
    return {
        "grants": grants,
        "may_check": may_check,
        "grant_form": GrantForm() if may_check else None,
        "open_checks": CheckRequest.objects.filter(volunteer=person, status=CheckRequest.Status.OPEN).select_related(
            "qualification", "site"
        ),
    }


def refused(request, refusal) -> None:
    messages.error(request, " ".join(refusal.messages))


@login_required
@require_POST
def declare(request):
    form = DeclaredForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please tick only qualifications from the list."))
        return redirect("volunteers:me")
    try:
        services.set_declared(volunteer=request.user, held={q.pk for q in form.cleaned_data["held"]})
    except services.QualificationRefused as refusal:
        refused(request, refusal)
    else:
        messages.success(request, _("Your qualifications have been saved."))
    return redirect(reverse("volunteers:me") + "#qualifications-title")


@login_required
@require_POST
def ask_check(request):
    form = CheckRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose what to check and where."))
        return redirect("volunteers:me")
    try:
        check = services.request_check(volunteer=request.user, **form.cleaned_data)
    except services.QualificationRefused as refusal:
        refused(request, refusal)
    else:
        messages.success(
            request,
            _("Your request is sent to the coordinators of %(site)s. Bring your documents when you meet them.")
            % {"site": check.site.name},
        )
    return redirect(reverse("volunteers:me") + "#qualifications-title")


@login_required
@require_POST
def withdraw_check(request, pk):
    check = get_object_or_404(CheckRequest, pk=pk, volunteer=request.user)
    try:
        services.close_check_request(check=check, by=request.user, status=CheckRequest.Status.WITHDRAWN)
    except services.QualificationRefused as refusal:
        refused(request, refusal)
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect(reverse("volunteers:me") + "#qualifications-title")
