"""The store's part of a person's export and erasure (the convention of volunteers/personal_data.py).

Movements and transfers keep their counts for the store's books; on erasure only the link to the person goes.
Nobody who receives goods is ever recorded, so there is nothing else here about a person."""

from .models import Movement, Transfer

COVERED = {
    "store.Movement": "exported (the counts the person recorded) and unlinked on erasure: the counts stay",
    "store.Transfer": "exported (the deliveries the person sent) and unlinked on erasure: the delivery stays",
}
EXCLUDED = {}


def export(volunteer) -> dict:
    movements = (
        Movement.objects.filter(by=volunteer)
        .select_related("site", "product")
        .order_by("at", "pk")
        .values_list("at", "site__slug", "product__name", "product__size", "kind", "source", "destination", "quantity")
    )
    transfers = Transfer.objects.filter(by=volunteer).select_related("site", "partner").order_by("created_at", "pk")
    return {
        "store_movements": [
            {
                "at": at.isoformat(),
                "site": site,
                "product": name,
                "size": size,
                "kind": kind,
                "from": source,
                "to": destination,
                "quantity": quantity,
            }
            for at, site, name, size, kind, source, destination, quantity in movements
        ],
        "store_transfers": [
            {"at": sent.created_at.isoformat(), "site": sent.site.slug, "partner": sent.partner.name, "note": sent.note}
            for sent in transfers
        ],
    }


def erase(volunteer) -> None:
    Movement.objects.filter(by=volunteer).update(by=None)
    Transfer.objects.filter(by=volunteer).update(by=None)
