"""Writes with a rule about donations: needs, offers from the public, answers to them, the messages about them.

Views (public and roster), admin and tasks all call these. Each is atomic and validates with full_clean();
database constraints are the backstop.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from outbox.publish import queue
from sites.models import Site

from . import messages
from .models import PARIS_SITE_SLUG, DonationOffer, Need, OfferMessage, OfferReply
from .notices import join_notice
from .selectors import needs_in_order

# --- donations ---------------------------------------------------------------------------------------


class DonationRefused(ValidationError):
    """A rule said no; the message says which, in words a person understands."""


def _lock_site(site: Site) -> Site:
    # One site's list of needs is changed by one coordinator at a time, so positions stay distinct and a
    # move swaps with the neighbour the coordinator saw.
    return Site.objects.select_for_update(no_key=True).get(pk=site.pk)


# --- needs ---------------------------------------------------------------------------------------


@transaction.atomic
def add_need(*, site: Site, item: str, urgency: str, item_fr: str = "", by=None) -> Need:
    site = _lock_site(site)
    last = Need.objects.filter(site=site).aggregate(last=Max("position"))["last"]
    need = Need(
        site=site,
        item=(item or "").strip(),
        item_fr=(item_fr or "").strip(),
        urgency=urgency,
        position=0 if last is None else last + 1,
    )
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def update_need(*, need: Need, item: str, urgency: str, item_fr: str = "", by=None) -> Need:
    _lock_site(need.site)
    need = Need.objects.select_for_update().get(pk=need.pk)
    need.item = (item or "").strip()
    need.item_fr = (item_fr or "").strip()
    need.urgency = urgency
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def remove_need(*, need: Need, by=None) -> None:
    _lock_site(need.site)
    Need.objects.filter(pk=need.pk).delete()


@transaction.atomic
def move_need(*, need: Need, direction: str, by=None) -> Need:
    """Swap a need with its neighbour of the same urgency (the public page lists urgent first, then in order)."""
    if direction not in ("up", "down"):
        raise DonationRefused(_("Unknown direction."), code="direction")
    site = _lock_site(need.site)
    ordered = list(needs_in_order().filter(site=site))
    index = next((i for i, other in enumerate(ordered) if other.pk == need.pk), None)
    if index is None:
        raise DonationRefused(_("This item is no longer on the list."), code="gone")
    neighbour = index - 1 if direction == "up" else index + 1
    if 0 <= neighbour < len(ordered) and ordered[neighbour].urgency == ordered[index].urgency:
        ordered[index], ordered[neighbour] = ordered[neighbour], ordered[index]
    for position, each in enumerate(ordered):
        each.position = position
    Need.objects.bulk_update(ordered, ["position"])
    return next(each for each in ordered if each.pk == need.pk)


# --- offers from the public ----------------------------------------------------------------------


@transaction.atomic
def submit_offer(
    *,
    name: str,
    what: str,
    quantity: str,
    availability: str,
    email: str = "",
    phone="",
    arrondissement: int | None = None,
    town: str = "",
    site: Site | None = None,
    language: str = "fr",
) -> DonationOffer:
    """Record an offer. One that names an arrondissement of Paris goes to Paris; otherwise to the site picked."""
    if arrondissement is not None:
        site = Site.objects.filter(slug=PARIS_SITE_SLUG).first() or site
    if site is None:
        raise DonationRefused(
            _("Choose the site your donation is for, or the arrondissement of Paris you are in."), code="site"
        )
    offer = DonationOffer(
        site=site,
        name=(name or "").strip(),
        email=(email or "").strip(),
        phone=phone or "",
        what=(what or "").strip(),
        quantity=quantity,
        arrondissement=arrondissement,
        town=(town or "").strip(),
        availability=(availability or "").strip(),
        language="fr" if (language or "").startswith("fr") else "en",
    )
    offer.full_clean()
    offer.save()
    _tell_about(offer)
    return offer


def _tell_about(offer: DonationOffer) -> None:
    """The donor's acknowledgement and the coordinators' notice: rows first, queued once the offer is committed."""
    now = timezone.now()
    notice = join_notice(offer=offer, now=now)
    if notice.due_at <= now:
        # Through the guarded publish: with the broker down, the row waits for the sweep.
        queue("donations.OfferNotice", notice.pk)
    if offer.email:
        message = messages.acknowledgement(offer)
        message.full_clean()
        message.save()
        queue("donations.OfferMessage", message.pk)


def _apply_status(offer: DonationOffer, status: str, by) -> None:
    if status not in DonationOffer.Status.values:
        raise DonationRefused(_("Unknown status."), code="status")
    was_closed = offer.is_closed
    offer.status = status
    if offer.is_closed and not was_closed:
        offer.closed_at = timezone.now()
    elif not offer.is_closed:
        offer.closed_at = None
    offer.handled_by = by
    offer.full_clean()
    offer.save()


def _lock_offer(offer: DonationOffer) -> DonationOffer:
    return DonationOffer.objects.select_for_update(of=("self",)).select_related("site").get(pk=offer.pk)


@transaction.atomic
def set_offer_status(*, offer: DonationOffer, status: str, by=None) -> DonationOffer:
    """Mark an offer (accepted, declined, collected, or new again). Closing it starts the retention period."""
    offer = _lock_offer(offer)
    _apply_status(offer, status, by)
    return offer


@transaction.atomic
def answer_offer(*, offer: DonationOffer, reply: OfferReply, note: str = "", by=None) -> OfferMessage:
    """Email a prepared reply to the donor (once the transaction commits) and mark the offer as the reply says."""
    offer = _lock_offer(offer)
    if not offer.email:
        raise DonationRefused(_("This person left no email address: call them instead."), code="no_email")
    if not reply.is_active or reply.site_id not in (None, offer.site_id):
        raise DonationRefused(_("This reply cannot be used for this offer."), code="reply")
    if len(note or "") > 1000:
        raise DonationRefused(_("The personal note is too long (1000 characters at most)."), code="note")
    message = messages.answer(offer=offer, reply=reply, note=note, by=by)
    message.full_clean()
    message.save()
    if reply.sets_status:
        _apply_status(offer, reply.sets_status, by)
    elif offer.status == DonationOffer.Status.NEW:
        offer.handled_by = by
        offer.save(update_fields=["handled_by", "updated_at"])

    # Through the guarded publish: a broker that is down is logged and does not hold the answer; the row
    # stays unsent and the sweep sends it.
    queue("donations.OfferMessage", message.pk)
    return message
