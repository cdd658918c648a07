"""The store's pages, phone first: what is on hand and short, counting sorted bags (category, then who-for and
size as big buttons, then a number), moves and stock-takes, transfers with a printable delivery note, and a
month's report with its CSV. Thin views: the access door, input read by utopia.inputs, one service call."""

import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shifts.roster.stats import Row, row_chart
from sites.models import Site
from utopia.inputs import InputRefused, parse_int, parse_month

from . import access, selectors, services
from .models import Movement, Partner, Place, Product, Target, Transfer

TRANSFER_LINES = 4
MOVES = {
    "to_shop": services.move_to_shop,
    "back": services.move_back,
    "distributed": services.record_distribution,
    "scrapped": services.scrap,
}


def _site_or_403(request, site_slug: str, *, manage: bool = False):
    """The site and the store shift the user is on now (None for coordinators), or 403."""
    site = get_object_or_404(Site, slug=site_slug)
    if access.may_manage(request.user, site):
        return site, None
    shift = None if manage else access.store_shift_now(request.user, site)
    if shift is None:
        raise PermissionDenied
    return site, shift


def _number(value, *, lo: int, hi: int) -> int:
    try:
        return parse_int(value, lo=lo, hi=hi)
    except InputRefused as error:
        raise services.StockRefused(str(error), code="quantity") from error


def _product(value) -> Product:
    try:
        return get_object_or_404(Product, pk=parse_int(value, lo=1, hi=2**31 - 1), is_active=True)
    except InputRefused as error:
        raise Http404 from error


def _refused(request, refusal) -> None:
    messages.error(request, " ".join(refusal.messages))


def _home(site, **query) -> str:
    url = reverse("store:home", args=[site.slug])
    query = {key: value for key, value in query.items() if value}
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def _product_options(products) -> list[tuple[str, list[tuple[int, str]]]]:
    """The products for the page's selects, labelled once (the page has several selects of the same list)."""
    labels = dict(Product.Category.choices)
    groups: dict[str, list[tuple[int, str]]] = {}
    for product in products:
        groups.setdefault(str(labels[product.category]), []).append((product.pk, product.label))
    return list(groups.items())


@login_required
def home(request, site_slug: str):
    site, shift = _site_or_403(request, site_slug)
    categories = Product.Category
    category = request.GET.get("category", "")
    if category not in categories.values:
        category = ""
    products = list(Product.objects.filter(is_active=True))
    chosen = None
    if category and request.GET.get("product"):
        chosen = next((p for p in products if str(p.pk) == request.GET["product"] and p.category == category), None)
    genders = dict(Product.Gender.choices)
    by_gender = {}
    for product in products:
        if product.category == category:
            by_gender.setdefault(product.gender, []).append(product)
    manage = shift is None
    context = {
        "site": site,
        "shift": shift,
        "manage": manage,
        "categories": categories.choices,
        "category": category,
        "category_label": dict(categories.choices).get(category, ""),
        "gender_groups": [(genders[gender], items) for gender, items in by_gender.items()],
        "chosen": chosen,
        "product_options": _product_options(products),
        "my_counts": selectors.my_sorted_counts(site, request.user, selectors.shift_start(site, shift)),
        "stock": selectors.stock_by_category(site),
        "shortfalls": selectors.shortfalls(site, include_hidden=True) if manage else [],
        "partners": Partner.objects.filter(is_active=True) if manage else [],
        "transfers": Transfer.objects.filter(site=site).select_related("partner")[:5] if manage else [],
        "transfer_lines": [str(index) for index in range(TRANSFER_LINES)],
        "places": [(Place.STORAGE, Place.STORAGE.label), (Place.SHOP, Place.SHOP.label)],
    }
    return render(request, "store/home.html", context)


@login_required
@require_POST
def record_sorted(request, site_slug: str):
    site, _shift = _site_or_403(request, site_slug)
    product = _product(request.POST.get("product"))
    try:
        quantity = _number(request.POST.get("quantity"), lo=1, hi=services.MAX_QUANTITY)
        services.record_sorted(site=site, lines=[(product, quantity)], by=request.user)
    except services.StockRefused as refusal:
        _refused(request, refusal)
        return redirect(_home(site, category=product.category, product=product.pk))
    messages.success(request, _("%(quantity)d × %(product)s counted into storage.")
                     % {"quantity": quantity, "product": product.label})  # fmt: skip
    return redirect(_home(site, category=product.category))


@login_required
@require_POST
def undo(request, site_slug: str, pk: int):
    site, _shift = _site_or_403(request, site_slug)
    movement = get_object_or_404(Movement.objects.select_related("product", "site"), pk=pk, site=site)
    # A volunteer takes back their own lines; coordinators anyone's.
    if movement.by_id != request.user.pk and not access.may_manage(request.user, site):
        raise PermissionDenied
    try:
        services.undo(movement=movement, by=request.user)
    except services.StockRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Taken back: %(quantity)d × %(product)s.")
                         % {"quantity": movement.quantity, "product": movement.product.label})  # fmt: skip
    category = request.POST.get("category", "")
    return redirect(_home(site, category=category if category in Product.Category.values else ""))


@login_required
@require_POST
def move(request, site_slug: str):
    site, _shift = _site_or_403(request, site_slug)
    action = MOVES.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    product = _product(request.POST.get("product"))
    try:
        quantity = _number(request.POST.get("quantity"), lo=1, hi=services.MAX_QUANTITY)
        action(site=site, lines=[(product, quantity)], by=request.user)
    except services.StockRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Recorded: %(quantity)d × %(product)s.")
                         % {"quantity": quantity, "product": product.label})  # fmt: skip
    return redirect(_home(site) + "#move")


@login_required
@require_POST
def stock_take(request, site_slug: str):
    site, _shift = _site_or_403(request, site_slug)
    product = _product(request.POST.get("product"))
    place = request.POST.get("place", "")
    try:
        counted = _number(request.POST.get("counted"), lo=0, hi=services.MAX_QUANTITY)
        services.count(site=site, product=product, place=place, counted=counted, by=request.user,
                       reason=request.POST.get("reason", "")[:200])  # fmt: skip
    except services.StockRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Stock-take recorded: %(counted)d × %(product)s.")
                         % {"counted": counted, "product": product.label})  # fmt: skip
    return redirect(_home(site) + "#count")


@login_required
@require_POST
def new_transfer(request, site_slug: str):
    site, _shift = _site_or_403(request, site_slug, manage=True)
    partner = get_object_or_404(Partner, pk=_number_or_404(request.POST.get("partner")), is_active=True)
    try:
        lines = []
        for index in range(TRANSFER_LINES):
            raw_product, raw_quantity = request.POST.get(f"product_{index}"), request.POST.get(f"quantity_{index}")
            if raw_product and raw_quantity:
                quantity = _number(raw_quantity, lo=1, hi=services.MAX_QUANTITY)
                lines.append((_product(raw_product), quantity))
        sent = services.transfer(site=site, partner=partner, lines=lines, by=request.user,
                                 note=request.POST.get("note", "")[:2000])  # fmt: skip
    except services.StockRefused as refusal:
        _refused(request, refusal)
        return redirect(_home(site) + "#transfer")
    return redirect("store:transfer", site.slug, sent.pk)


def _number_or_404(value) -> int:
    try:
        return parse_int(value, lo=1, hi=2**31 - 1)
    except InputRefused as error:
        raise Http404 from error


@login_required
def transfer_note(request, site_slug: str, pk: int):
    site, _shift = _site_or_403(request, site_slug, manage=True)
    sent = get_object_or_404(Transfer.objects.select_related("partner", "by", "site"), pk=pk, site=site)
    # What left and stayed gone: neither an undo nor a line taken back.
    lines = (
        sent.lines.filter(undoes__isnull=True, undone_by__isnull=True)
        .select_related("product")
        .order_by("product__category", "pk")
    )
    return render(request, "store/transfer_note.html", {"site": site, "transfer": sent, "lines": lines})


@login_required
@require_POST
def toggle_target(request, site_slug: str, pk: int):
    site, _shift = _site_or_403(request, site_slug, manage=True)
    target = get_object_or_404(Target, pk=pk, site=site)
    Target.objects.filter(pk=target.pk).update(hidden=not target.hidden)
    return redirect(_home(site) + "#short")


def _month(request, site) -> date:
    value = request.GET.get("month")
    if not value:
        today = timezone.localtime(timezone.now(), site.tz).date()
        return today.replace(day=1)
    try:
        return parse_month(value)
    except InputRefused as error:
        raise Http404(str(error)) from error


def _category_chart(title, lines, attribute):
    totals: dict[str, int] = {}
    for line in lines:
        label = line.product.get_category_display()
        totals[label] = totals.get(label, 0) + getattr(line, attribute)
    return row_chart(title, [Row(label=label, value=value) for label, value in totals.items() if value])


@login_required
def report(request, site_slug: str):
    site, _shift = _site_or_403(request, site_slug, manage=True)
    month = _month(request, site)
    lines = selectors.month_report(site, month)
    previous = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    context = {
        "site": site,
        "month": month,
        "month_param": month.strftime("%Y-%m"),
        "previous": previous.strftime("%Y-%m"),
        "following": following.strftime("%Y-%m"),
        "lines": lines,
        "charts": [
            _category_chart(_("Sorted into storage, per category"), lines, "sorted_in"),
            _category_chart(_("Out (distributed, transferred, scrapped), per category"), lines, "out"),
        ],
        "totals": {
            name: sum(getattr(line, name) for line in lines)
            for name in ["sorted_in", "distributed", "transferred", "scrapped", "counted", "out"]
        },
    }
    return render(request, "store/report.html", context)


@login_required
def report_csv(request, site_slug: str):
    site, _shift = _site_or_403(request, site_slug, manage=True)
    month = _month(request, site)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="store-{site.slug}-{month:%Y-%m}.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Category"), _("Product"), _("For"), _("Size"), _("Sorted in"), _("Distributed"),
                     _("Transferred"), _("Scrapped"), _("Stock-take difference"), _("Out")])  # fmt: skip
    # Numbers as plain integers (never localised): a spreadsheet reads them in any language.
    for line in selectors.month_report(site, month):
        product = line.product
        writer.writerow([product.get_category_display(), product.display_name, product.get_gender_display(),
                         product.size, line.sorted_in, line.distributed, line.transferred, line.scrapped,
                         line.counted, line.out])  # fmt: skip
    return response
