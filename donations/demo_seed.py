"""The demo's needs, typed by hand as coordinators do (found by `seed_demo`, which imports no app above shifts)."""

from donations.models import Need
from sites.models import Site

DEMO_NEEDS = {
    "porte-de-la-chapelle": [
        ("Men's winter coats (S, M)", "Manteaux d'hiver homme (S, M)", Need.Urgency.URGENT),
        ("New socks and underwear", "Chaussettes et sous-vêtements neufs", Need.Urgency.URGENT),
        ("Sleeping bags", "Sacs de couchage", Need.Urgency.NEEDED),
        ("Backpacks", "Sacs à dos", Need.Urgency.NEEDED),
        ("Summer clothes", "Vêtements d'été", Need.Urgency.ENOUGH),
    ],
    "calais": [
        ("Tents and tarpaulins", "Tentes et bâches", Need.Urgency.URGENT),
        ("Gloves and hats", "Gants et bonnets", Need.Urgency.NEEDED),
        ("Women's clothes", "Vêtements femme", Need.Urgency.ENOUGH),
    ],
}


def seed(*, stdout) -> None:
    for site in Site.objects.filter(slug__in=DEMO_NEEDS):
        for position, (item, item_fr, urgency) in enumerate(DEMO_NEEDS[site.slug]):
            Need.objects.get_or_create(
                site=site, item=item, defaults={"item_fr": item_fr, "urgency": urgency, "position": position}
            )
