"""The store's rules: every change of stock goes through here (pages, admin, demo seed and API alike).

Each write locks the balance rows it touches (`Stock`, ordered, so two writers never deadlock), checks there
is enough, then appends the movements and updates the balances in the same transaction. Twenty people handing
out the last five items: the lock makes them queue, five succeed, fifteen are told there is not enough.
"""

from collections import OrderedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import access
from .models import Movement, Partner, Place, Product, Stock, Transfer

MAX_QUANTITY = 10_000  # one line of one movement; more is a typing mistake


class StockRefused(ValidationError):
    """A stock change the rules refuse. `code`: `not_enough` (`products` names them), `not_allowed`,
    `quantity`."""

    def __init__(self, message, *, code: str, products=()):
        super().__init__(message, code=code)
        self.products = list(products)


def _refuse_not_allowed():
    raise StockRefused(_("Only the site's coordinators, and volunteers on a store shift now, record stock."),
                       code="not_allowed")  # fmt: skip


def _merged(lines) -> "OrderedDict[Product, int]":
    """(product, quantity) pairs, each quantity a whole number in 1..MAX_QUANTITY, one entry per product."""
    merged: OrderedDict[Product, int] = OrderedDict()
    for product, quantity in lines:
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
            raise StockRefused(
                _("Give each quantity as a whole number between 1 and %(max)d.") % {"max": MAX_QUANTITY},
                code="quantity",
            )
        merged[product] = merged.get(product, 0) + quantity
    if not merged:
        raise StockRefused(_("Give at least one product and its quantity."), code="quantity")
    if any(total > MAX_QUANTITY for total in merged.values()):
        raise StockRefused(_("Give each quantity as a whole number between 1 and %(max)d.") % {"max": MAX_QUANTITY},
                           code="quantity")  # fmt: skip
    return merged


def _locked_balances(site, product_ids, places) -> dict[tuple[int, str], Stock]:
    """The balance rows, created if missing, locked until the transaction ends."""
    places = [place for place in places if place != Place.OUT]
    if not places or not product_ids:
        return {}
    Stock.objects.bulk_create(
        [Stock(site=site, product_id=pk, place=place) for pk in product_ids for place in places],
        ignore_conflicts=True,  # a row another writer created first is fine: we lock it below
    )
    # Locked in one order (product, place) by everyone, so two writers never wait for each other in a circle.
    rows = (
        Stock.objects.select_for_update()
        .filter(site=site, product_id__in=product_ids, place__in=places)
        .order_by("product_id", "place")
    )
    return {(row.product_id, row.place): row for row in rows}


def _apply(*, site, lines, by, kind, source, destination, transfer=None, reason="", undoes=None) -> list[Movement]:
    """Check permission, lock, check there is enough in `source`, append the movements, update the balances."""
    merged = _merged(lines)
    shift = None
    if not access.may_manage(by, site):
        shift = access.store_shift_now(by, site)
        if shift is None:
            _refuse_not_allowed()
    ids = sorted(product.pk for product in merged)
    balances = _locked_balances(site, ids, [source, destination])
    if source != Place.OUT:
        short = [product for product, quantity in merged.items() if balances[(product.pk, source)].quantity < quantity]
        if short:
            raise StockRefused(
                _("Not enough in %(place)s: %(products)s.")
                % {"place": Place(source).label.lower(), "products": ", ".join(p.label for p in short)},
                code="not_enough",
                products=short,
            )
    now = timezone.now()
    movements = [
        Movement(
            site=site,
            product=product,
            quantity=quantity,
            source=source,
            destination=destination,
            kind=kind,
            at=now,
            by=by,
            shift=shift,
            transfer=transfer,
            reason=reason,
            undoes=undoes,
        )
        for product, quantity in merged.items()
    ]
    for movement in movements:
        movement.full_clean(exclude=["product", "site", "by", "shift", "transfer", "undoes"])
    Movement.objects.bulk_create(movements)
    for product, quantity in merged.items():
        if source != Place.OUT:
            Stock.objects.filter(pk=balances[(product.pk, source)].pk).update(quantity=F("quantity") - quantity)
        if destination != Place.OUT:
            Stock.objects.filter(pk=balances[(product.pk, destination)].pk).update(quantity=F("quantity") + quantity)
    return movements


@transaction.atomic
def record_sorted(*, site, lines, by) -> list[Movement]:
    """Sorted donations counted into storage."""
    return _apply(site=site, lines=lines, by=by, kind=Movement.Kind.SORTED, source=Place.OUT,
                  destination=Place.STORAGE)  # fmt: skip


@transaction.atomic
def move_to_shop(*, site, lines, by) -> list[Movement]:
    return _apply(site=site, lines=lines, by=by, kind=Movement.Kind.TO_SHOP, source=Place.STORAGE,
                  destination=Place.SHOP)  # fmt: skip


@transaction.atomic
def move_back(*, site, lines, by) -> list[Movement]:
    return _apply(site=site, lines=lines, by=by, kind=Movement.Kind.BACK_TO_STORAGE, source=Place.SHOP,
                  destination=Place.STORAGE)  # fmt: skip


@transaction.atomic
def record_distribution(*, site, lines, by) -> list[Movement]:
    """Handed out to residents from the shop (counts only: never who received what)."""
    return _apply(site=site, lines=lines, by=by, kind=Movement.Kind.DISTRIBUTED, source=Place.SHOP,
                  destination=Place.OUT)  # fmt: skip


@transaction.atomic
def transfer(*, site, partner: Partner, lines, by, note: str = "") -> Transfer:
    """Sent from storage to a partner organisation; the transfer's lines are its movements."""
    _merged(lines)  # refuse bad quantities before a transfer row exists
    sent = Transfer(site=site, partner=partner, by=by, note=note)
    sent.full_clean(exclude=["by"])
    sent.save()
    _apply(site=site, lines=lines, by=by, kind=Movement.Kind.TRANSFERRED, source=Place.STORAGE,
           destination=Place.OUT, transfer=sent)  # fmt: skip
    return sent


@transaction.atomic
def scrap(*, site, lines, by, place: str = Place.STORAGE, reason: str = "") -> list[Movement]:
    """Thrown away (torn, soiled): out of storage or the shop."""
    if place not in (Place.STORAGE, Place.SHOP):
        raise StockRefused(_("Scrap from storage or from the shop."), code="quantity")
    return _apply(site=site, lines=lines, by=by, kind=Movement.Kind.SCRAPPED, source=place, destination=Place.OUT,
                  reason=reason)  # fmt: skip


@transaction.atomic
def count(*, site, product: Product, place: str, counted: int, by, reason: str = "") -> Movement | None:
    """A stock-take: `counted` becomes the level, the difference is recorded (None when there was none)."""
    if place not in (Place.STORAGE, Place.SHOP):
        raise StockRefused(_("Count storage or the shop."), code="quantity")
    if isinstance(counted, bool) or not isinstance(counted, int) or not 0 <= counted <= MAX_QUANTITY:
        raise StockRefused(_("Give the count as a whole number between 0 and %(max)d.") % {"max": MAX_QUANTITY},
                           code="quantity")  # fmt: skip
    if not access.may_act(by, site):
        _refuse_not_allowed()
    on_hand = _locked_balances(site, [product.pk], [place])[(product.pk, place)].quantity
    if counted == on_hand:
        return None
    up = counted > on_hand
    (movement,) = _apply(
        site=site,
        lines=[(product, abs(counted - on_hand))],
        by=by,
        kind=Movement.Kind.COUNTED,
        source=Place.OUT if up else place,
        destination=place if up else Place.OUT,
        reason=reason,
    )
    return movement


@transaction.atomic
def undo(*, movement: Movement, by) -> Movement:
    """Takes back a movement by recording the same count the other way (refused if the goods have moved on)."""
    if movement.undoes_id or Movement.objects.filter(undoes=movement).exists():
        raise StockRefused(_("This line was already taken back."), code="quantity")
    (back,) = _apply(
        site=movement.site,
        lines=[(movement.product, movement.quantity)],
        by=by,
        kind=movement.kind,
        source=movement.destination,
        destination=movement.source,
        transfer=movement.transfer,
        undoes=movement,
    )
    return back
