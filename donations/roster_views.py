"""The coordinators' side of donations, under /roster/<site-slug>/: what is needed, and offers from the public.

Thin views: the roster's own permission check (the site must be the user's), a form, one service call,
a redirect back with a message. Every lookup is scoped by the site, so a coordinator of one site cannot
reach another site's needs or offers by their ids.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shifts.roster.views import get_roster_or_403

from . import selectors, services
from .forms import NeedForm, NeedMoveForm, OfferAnswerForm, OfferStatusForm
from .models import DonationOffer, Need

OFFERS_PER_PAGE = 20


def _refused(request, refusal: ValidationError) -> None:
    messages.error(request, " ".join(refusal.messages))


def _site_need(site, pk: int) -> Need:
    return get_object_or_404(Need.objects.select_related("site"), pk=pk, site=site)


def _site_offer(site, pk: int) -> DonationOffer:
    return get_object_or_404(DonationOffer.objects.select_related("site"), pk=pk, site=site)


# --- needs ---------------------------------------------------------------------------------------


def _need_forms(needs):
    # Each need's own form, prefixed so ids stay unique on the page.
    return [(need, NeedForm(instance=need, prefix=f"need-{need.pk}")) for need in needs]


@login_required
@require_http_methods(["GET", "POST"])
def needs(request, site_slug):
    site = get_roster_or_403(request, site_slug)
    form = NeedForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            need = services.add_need(site=site, by=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("Added: %(item)s.") % {"item": need.display_item})
            return redirect("donations:needs", site_slug=site.slug)
    ordered = list(selectors.needs_in_order().filter(site=site))
    rows = []
    for index, (need, need_form) in enumerate(_need_forms(ordered)):
        rows.append(
            {
                "need": need,
                "form": need_form,
                "can_go_up": index > 0 and ordered[index - 1].urgency == need.urgency,
                "can_go_down": index + 1 < len(ordered) and ordered[index + 1].urgency == need.urgency,
            }
        )
    return render(request, "donations/roster_needs.html", {"site": site, "form": form, "rows": rows})


@login_required
@require_POST
def need_edit(request, site_slug, pk):
    site = get_roster_or_403(request, site_slug)
    need = _site_need(site, pk)
    form = NeedForm(request.POST, instance=Need.objects.get(pk=need.pk), prefix=f"need-{need.pk}")
    if not form.is_valid():
        _refused(request, ValidationError([error for errors in form.errors.values() for error in errors]))
        return redirect("donations:needs", site_slug=site.slug)
    try:
        need = services.update_need(need=need, by=request.user, **form.cleaned_data)
    except ValidationError as refusal:
        _refused(request, refusal)
    else:
        messages.success(
            request,
            _("%(item)s: %(urgency)s.") % {"item": need.display_item, "urgency": need.get_urgency_display()},
        )
    return redirect("donations:needs", site_slug=site.slug)


@login_required
@require_POST
def need_move(request, site_slug, pk):
    site = get_roster_or_403(request, site_slug)
    need = _site_need(site, pk)
    form = NeedMoveForm(request.POST)
    if form.is_valid():
        try:
            services.move_need(need=need, direction=form.cleaned_data["direction"], by=request.user)
        except ValidationError as refusal:
            _refused(request, refusal)
    return redirect("donations:needs", site_slug=site.slug)


@login_required
@require_POST
def need_delete(request, site_slug, pk):
    site = get_roster_or_403(request, site_slug)
    need = _site_need(site, pk)
    services.remove_need(need=need, by=request.user)
    messages.success(request, _("Removed: %(item)s.") % {"item": need.display_item})
    return redirect("donations:needs", site_slug=site.slug)


# --- offers --------------------------------------------------------------------------------------

# The list's tabs: open offers (the default), new ones, accepted ones, closed ones.
STATUS_TABS = ("", DonationOffer.Status.NEW, DonationOffer.Status.ACCEPTED, "closed")


@login_required
def offers(request, site_slug):
    site = get_roster_or_403(request, site_slug)
    status = request.GET.get("status", "")
    if status not in STATUS_TABS:
        status = ""
    offers = selectors.offers_of(site, status=status)
    page = Paginator(offers, OFFERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "donations/roster_offers.html",
        {"site": site, "page": page, "status": status, "new_count": selectors.new_offer_count(site)},
    )


def _offer_page(request, site, offer, *, answer_form=None, status_form=None, status=200):
    return render(
        request,
        "donations/roster_offer.html",
        {
            "site": site,
            "offer": offer,
            "sent": list(offer.messages.select_related("sent_by", "reply")),
            "answer_form": answer_form or OfferAnswerForm(site=site),
            "status_form": status_form or OfferStatusForm(initial={"status": offer.status}),
        },
        status=status,
    )


@login_required
def offer_detail(request, site_slug, pk):
    site = get_roster_or_403(request, site_slug)
    return _offer_page(request, site, _site_offer(site, pk))


@login_required
@require_POST
def offer_answer(request, site_slug, pk):
    site = get_roster_or_403(request, site_slug)
    offer = _site_offer(site, pk)
    form = OfferAnswerForm(request.POST, site=site)
    if not form.is_valid():
        return _offer_page(request, site, offer, answer_form=form, status=400)
    try:
        services.answer_offer(offer=offer, by=request.user, **form.cleaned_data)
    except ValidationError as refusal:
        _refused(request, refusal)
        return redirect("donations:offer", site_slug=site.slug, pk=offer.pk)
    messages.success(request, _("Your reply is on its way to %(email)s.") % {"email": offer.email})
    return redirect("donations:offer", site_slug=site.slug, pk=offer.pk)


@login_required
@require_POST
def offer_status(request, site_slug, pk):
    site = get_roster_or_403(request, site_slug)
    offer = _site_offer(site, pk)
    form = OfferStatusForm(request.POST)
    if not form.is_valid():
        return _offer_page(request, site, offer, status_form=form, status=400)
    try:
        offer = services.set_offer_status(offer=offer, status=form.cleaned_data["status"], by=request.user)
    except ValidationError as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Offer marked %(status)s.") % {"status": offer.get_status_display()})
    return redirect("donations:offer", site_slug=site.slug, pk=offer.pk)
