"""Reads worth naming: what is on hand, what is short (and so asked of donors), this shift's counts, a month."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Case, F, IntegerField, Sum, When
from django.utils import timezone

from .models import Movement, Place, Product, Stock, Target


def stock_levels(site) -> dict[int, dict[str, int]]:
    """{product_id: {"storage": n, "shop": n}} for every product the site has ever held (one query)."""
    levels: dict[int, dict[str, int]] = {}
    for product_id, place, quantity in Stock.objects.filter(site=site).values_list("product_id", "place", "quantity"):
        levels.setdefault(product_id, {Place.STORAGE.value: 0, Place.SHOP.value: 0})[place] = quantity
    return levels


@dataclass
class Shortfall:
    product: Product
    level: int
    on_hand: int
    target_id: int
    hidden: bool = False

    @property
    def missing(self) -> int:
        return self.level - self.on_hand

    @property
    def name(self) -> str:
        """The product's name, who for and size, in the active language."""
        return self.product.label


def _shortfalls(targets, levels_by_site) -> dict[int, list[Shortfall]]:
    found = defaultdict(list)
    for target in targets:
        levels = levels_by_site.get(target.site_id, {}).get(target.product_id, {})
        on_hand = sum(levels.values())
        if on_hand < target.level:
            found[target.site_id].append(Shortfall(target.product, target.level, on_hand, target.pk, target.hidden))
    for rows in found.values():
        rows.sort(key=lambda row: (-row.missing, row.product.category, row.product.position, row.product.name))
    return found


def _levels_by_site(site_ids) -> dict[int, dict[int, dict[str, int]]]:
    levels = defaultdict(lambda: defaultdict(dict))
    for site_id, product_id, place, quantity in Stock.objects.filter(site_id__in=site_ids).values_list(
        "site_id", "product_id", "place", "quantity"
    ):
        levels[site_id][product_id][place] = quantity
    return levels


def shortfalls(site, *, include_hidden: bool = False) -> list[Shortfall]:
    """Products under the site's target, most short first. Hidden ones (a coordinator's choice) are left out
    unless asked for: donors never see them, the store page does."""
    targets = Target.objects.filter(site=site, product__is_active=True).select_related("product")
    if not include_hidden:
        targets = targets.filter(hidden=False)
    return _shortfalls(targets, _levels_by_site([site.pk])).get(site.pk, [])


def donor_asks(sites) -> dict[int, list[Shortfall]]:
    """What donors are asked for, per site id, for the donate page and /api/v1/needs/: the shortfalls that are
    not hidden, most short first, names in the active language. Two queries however many sites."""
    site_ids = [site.pk for site in sites]
    targets = Target.objects.filter(site_id__in=site_ids, hidden=False, product__is_active=True).select_related(
        "product"
    )
    return dict(_shortfalls(targets, _levels_by_site(site_ids)))


def donor_asks_rows(sites) -> list[dict]:
    """`donor_asks` as JSON-able rows for /donate.json and /api/v1/needs/: per site (in the order given), most short
    first; `name` in the active language, `name_en`/`name_fr` both, `missing` a plain integer."""
    asks = donor_asks(sites)
    return [
        {
            "site": site.slug,
            "product": row.product.pk,
            "category": row.product.category,
            "name": row.name,
            "name_en": row.product.name,
            "name_fr": row.product.name_fr,
            "size": row.product.size,
            "missing": row.missing,
        }
        for site in sites
        for row in asks.get(site.pk, [])
    ]


@dataclass
class StockLine:
    product: Product
    storage: int = 0
    shop: int = 0
    target: Target | None = None

    @property
    def on_hand(self) -> int:
        return self.storage + self.shop

    @property
    def short(self) -> int:
        return max(self.target.level - self.on_hand, 0) if self.target else 0


@dataclass
class CategoryStock:
    category: str
    label: str
    lines: list[StockLine] = field(default_factory=list)

    @property
    def storage(self) -> int:
        return sum(line.storage for line in self.lines)

    @property
    def shop(self) -> int:
        return sum(line.shop for line in self.lines)

    @property
    def short(self) -> int:
        return sum(line.short for line in self.lines)


def stock_by_category(site) -> list[CategoryStock]:
    """What is on hand, by category, lines under target first; only products held or wanted. Three queries."""
    levels = stock_levels(site)
    targets = {target.product_id: target for target in Target.objects.filter(site=site)}
    wanted = set(levels) | set(targets)
    labels = dict(Product.Category.choices)
    groups: dict[str, CategoryStock] = {}
    for product in Product.objects.filter(pk__in=wanted):
        held = levels.get(product.pk, {})
        line = StockLine(product, held.get("storage", 0), held.get("shop", 0), targets.get(product.pk))
        if not (line.on_hand or line.target or product.is_active):
            continue
        groups.setdefault(product.category, CategoryStock(product.category, str(labels[product.category])))
        groups[product.category].lines.append(line)
    order = list(labels)
    result = sorted(groups.values(), key=lambda group: (-group.short, order.index(group.category)))
    for group in result:
        group.lines.sort(key=lambda line: (-line.short, line.product.position, line.product.name, line.product.size))
    return result


def shift_start(site, shift=None, *, now=None) -> datetime:
    """Where "this shift's counts" begin: the store shift's start, or the site's local midnight."""
    if shift is not None:
        return shift.starts_at
    today = timezone.localtime(now or timezone.now(), site.tz).date()
    return datetime.combine(today, time.min, tzinfo=site.tz)


def my_sorted_counts(site, user, since: datetime, *, limit: int = 50) -> list[Movement]:
    """The sorted bags `user` counted at `site` since `since`, newest first, with whether each was taken back."""
    return list(
        Movement.objects.filter(site=site, by=user, kind=Movement.Kind.SORTED, destination=Place.STORAGE, at__gte=since)
        .select_related("product", "undone_by")
        .order_by("-at", "-pk")[:limit]
    )


@dataclass
class ReportLine:
    product: Product
    sorted_in: int = 0
    distributed: int = 0
    transferred: int = 0
    scrapped: int = 0
    counted: int = 0  # net difference found by stock-takes

    @property
    def out(self) -> int:
        return self.distributed + self.transferred + self.scrapped


def month_report(site, month: date) -> list[ReportLine]:
    """Per product, in `month` (the site's time zone): sorted in, distributed, transferred, scrapped and the
    stock-takes' net difference. One query, grouped in the database."""
    start = datetime.combine(month, time.min, tzinfo=site.tz)
    next_month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    end = datetime.combine(next_month, time.min, tzinfo=site.tz)
    kinds = Movement.Kind
    sums = {
        "sorted_in": kinds.SORTED,
        "distributed": kinds.DISTRIBUTED,
        "transferred": kinds.TRANSFERRED,
        "scrapped": kinds.SCRAPPED,
    }

    def net(kind):
        return Sum(
            Case(
                When(kind=kind, undoes__isnull=True, then=F("quantity")),
                When(kind=kind, undoes__isnull=False, then=-F("quantity")),
                default=0,
                output_field=IntegerField(),
            )
        )

    counted = Sum(
        Case(
            When(kind=kinds.COUNTED, destination=Place.OUT, then=-F("quantity")),
            When(kind=kinds.COUNTED, then=F("quantity")),
            default=0,
            output_field=IntegerField(),
        )
    )
    rows = (
        Movement.objects.filter(site=site, at__gte=start, at__lt=end)
        .values("product_id")
        .annotate(counted=counted, **{name: net(kind) for name, kind in sums.items()})
        .order_by()
    )
    by_product = {row["product_id"]: row for row in rows}
    lines = []
    for product in Product.objects.filter(pk__in=by_product).order_by("category", "position", "name", "size"):
        row = by_product[product.pk]
        lines.append(ReportLine(product, **{name: row[name] or 0 for name in [*sums, "counted"]}))
    return lines
