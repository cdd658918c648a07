"""The public donations pages (no login): what is needed, where to bring it, and offers from the public."""

from collections import defaultdict

from allauth.core import ratelimit
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from store import selectors as store_selectors
from utopia.middleware import public

from . import selectors, services
from .forms import ArrondissementFilterForm, DonationOfferForm


def _donations_by_site(*, now, arrondissement) -> list[selectors.SiteDonations]:
    """Each site's needs typed by hand, with the goods its store is short of (most short first) beside them."""
    entries = selectors.donations_by_site(now=now, arrondissement=arrondissement)
    asks = store_selectors.donor_asks([entry.site for entry in entries])
    for entry in entries:
        entry.goods = asks.get(entry.site.pk, [])
    return entries


def _filter(request) -> tuple[ArrondissementFilterForm, int | None]:
    form = ArrondissementFilterForm(request.GET or None)
    return form, (form.selected() if form.is_bound else None)


@require_GET
def donate(request):
    form, arrondissement = _filter(request)
    now = timezone.now()
    return render(
        request,
        "donations/donate.html",
        {
            "form": form,
            "arrondissement": arrondissement,
            "selected": "" if arrondissement is None else str(arrondissement),
            "sites": _donations_by_site(now=now, arrondissement=arrondissement),
            "days": selectors.OPEN_POINTS_DAYS,
        },
    )


@public  # the same for everyone: the organisation's website reads it
@require_GET
def donate_json(request):
    """The public page as data for the organisation's website (documented in README.md)."""
    _form, arrondissement = _filter(request)
    now = timezone.now()
    sites = []
    entries = selectors.donations_by_site(now=now, arrondissement=arrondissement)
    # The same rows as /api/v1/needs/'s `goods` (the store's door), per site, most short first.
    goods = defaultdict(list)
    for row in store_selectors.donor_asks_rows([entry.site for entry in entries]):
        goods[row["site"]].append(row)
    for entry in entries:
        site = entry.site
        sites.append(
            {
                "slug": site.slug,
                "name": site.name,
                "timezone": site.timezone,
                "needs": [
                    {
                        "item": need.item,
                        "item_fr": need.item_fr or need.item,
                        "urgency": need.urgency,
                        "updated_at": timezone.localtime(need.updated_at, site.tz).isoformat(),
                    }
                    for need in entry.needs
                ],
                "goods": goods.get(site.slug, []),
                "collection_points": [
                    {
                        "id": open_point.point.pk,
                        "name": open_point.point.name,
                        "arrondissement": open_point.point.arrondissement,
                        "address": open_point.point.address,
                        "latitude": float(open_point.point.latitude),
                        "longitude": float(open_point.point.longitude),
                        "geo_uri": open_point.point.geo_uri,
                        "access_notes": open_point.point.access_notes,
                        "access_notes_fr": open_point.point.access_notes_fr or open_point.point.access_notes,
                        "openings": [
                            {"starts_at": opening.starts_at.isoformat(), "ends_at": opening.ends_at.isoformat()}
                            for opening in open_point.openings
                        ],
                    }
                    for open_point in entry.open_points
                ],
            }
        )
    data = {
        "generated_at": timezone.localtime(now).isoformat(timespec="seconds"),
        "days": selectors.OPEN_POINTS_DAYS,
        "arrondissement": arrondissement,
        "sites": sites,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    # Public, read-only data meant to be shown on the organisation's own website.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_http_methods(["GET", "POST"])
def offer(request):
    form = DonationOfferForm(request.POST or None)
    if request.method == "POST":
        # Per address, like login (ACCOUNT_RATE_LIMITS["donation_offer"]): counted on every attempt.
        if not ratelimit.consume(request, action="donation_offer"):
            return render(request, "donations/offer_too_many.html", status=429)
        if form.is_bot:
            return redirect("donations:offer_thanks")  # a bot sees success; nothing is stored
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.submit_offer(
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"] or "",
                    what=data["what"],
                    quantity=data["quantity"],
                    arrondissement=data["arrondissement"],
                    town=data["town"],
                    site=data["site"],
                    availability=data["availability"],
                    language=get_language() or "fr",
                )
            except ValidationError as refusal:
                _add_errors(form, refusal)
            else:
                return redirect("donations:offer_thanks")
    return render(request, "donations/offer.html", {"form": form})


def _add_errors(form, refusal: ValidationError) -> None:
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


@require_GET
def offer_thanks(request):
    return render(request, "donations/offer_thanks.html")
