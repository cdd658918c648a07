"""Telling a site's coordinators about new offers: once for the offers of an hour, not once per offer.

The state is in rows, not in a timer: a site has at most one collecting OfferNotice (a partial unique
constraint). A new offer joins it, or opens one due now, or an hour after the previous notice closed. The sender
(donations.mail) closes it to new offers (frozen_at) under the same row lock, so an offer joins exactly one
notice and every notice lists what it was sent for. The sweep sends a notice once it is due.
"""

from datetime import datetime, timedelta

from .models import DonationOffer, OfferNotice

NOTICE_INTERVAL = timedelta(hours=1)


def _collecting(site_id: int) -> OfferNotice | None:
    # The row lock makes the sender, which freezes the notice under the same lock, wait for this offer's commit.
    return OfferNotice.objects.select_for_update().filter(site_id=site_id, frozen_at=None).first()


def join_notice(*, offer: DonationOffer, now: datetime) -> OfferNotice:
    """Attach `offer` to its site's collecting notice, opening one when there is none. Inside a transaction."""
    for _attempt in range(3):
        notice = _collecting(offer.site_id)
        if notice is None:
            last = (
                OfferNotice.objects.filter(site_id=offer.site_id)
                .exclude(frozen_at=None)
                .order_by("-frozen_at")
                .values_list("frozen_at", flat=True)
                .first()
            )
            due_at = max(now, last + NOTICE_INTERVAL) if last else now
            # Two offers at once: the constraint keeps one of the two new rows; both then lock and join it.
            OfferNotice.objects.bulk_create([OfferNotice(site_id=offer.site_id, due_at=due_at)], ignore_conflicts=True)
            notice = _collecting(offer.site_id)
        if notice is not None:
            DonationOffer.objects.filter(pk=offer.pk).update(notice=notice)
            offer.notice = notice
            return notice
    raise RuntimeError(f"no collecting notice for site {offer.site_id}")  # three races lost in a row
