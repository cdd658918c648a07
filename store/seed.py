"""Seeding the store: the catalogue (safe on every deploy) and, for the demo, a stock at Porte de la Chapelle
with a month of movements made through the services."""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from sites.models import Mission, Site

from . import services
from .catalogue import catalogue_rows
from .models import Movement, Partner, Place, Product, Target

DEMO_SITE = "porte-de-la-chapelle"
DEMO_DAYS = 30
DEMO_PARTNERS = [
    ("Solidarité Nord", Partner.Kind.ASSOCIATION, "Lille"),
    ("Collectif des Exilés du 18e", Partner.Kind.COLLECTIVE, "Paris"),
    ("CAO de Bourges", Partner.Kind.CAO, "Bourges"),
]


def seed_catalogue() -> int:
    """Creates the catalogue's missing products (existing ones keep what admins changed). Returns how many."""
    created = 0
    for category, name, name_fr, gender, size, position in catalogue_rows():
        _product, made = Product.objects.get_or_create(
            category=category, name=name, gender=gender, size=size, defaults={"name_fr": name_fr, "position": position}
        )
        created += made
    return created


@transaction.atomic
def seed_demo_stock(*, by, now=None) -> int:
    """Partners, targets and a month of movements at Porte de la Chapelle, once (nothing if it has movements).
    `by` is an admin: the services check who acts. Returns how many movements were made."""
    site = Site.objects.filter(slug=DEMO_SITE).first()
    if site is None or Movement.objects.filter(site=site).exists():
        return 0
    seed_catalogue()
    Mission.objects.filter(site=site, slug="store").update(is_store=True)
    partners = [
        Partner.objects.get_or_create(name=name, defaults={"kind": kind, "city": city})[0]
        for name, kind, city in DEMO_PARTNERS
    ]
    products = list(Product.objects.filter(is_active=True).order_by("pk"))
    rng = random.Random(25)  # nosec B311  # repeatable demo data
    for product in products[::2]:
        Target.objects.get_or_create(site=site, product=product, defaults={"level": rng.choice([20, 30, 50, 80])})
    now = now or timezone.now()
    first_day = timezone.localtime(now, site.tz).date() - timedelta(days=DEMO_DAYS)
    made = 0
    for offset in range(DEMO_DAYS):
        day = first_day + timedelta(days=offset)
        known = set(Movement.objects.filter(site=site).values_list("pk", flat=True))
        sorted_lines = [(product, rng.randint(2, 12)) for product in rng.sample(products, 8)]
        services.record_sorted(site=site, lines=sorted_lines, by=by)
        levels = {product: quantity for product, quantity in sorted_lines}
        services.move_to_shop(site=site, lines=[(p, max(q // 2, 1)) for p, q in sorted_lines], by=by)
        handed = [(p, max(q // 4, 1)) for p, q in sorted_lines[:5]]
        services.record_distribution(site=site, lines=handed, by=by)
        if offset % 7 == 3:
            services.transfer(
                site=site,
                partner=partners[offset % len(partners)],
                lines=[(p, max(levels[p] // 4, 1)) for p, _q in sorted_lines[5:7]],
                by=by,
                note="Demo delivery",
            )
        if offset % 10 == 5:
            services.scrap(site=site, lines=[(sorted_lines[7][0], 1)], by=by, place=Place.STORAGE, reason="Torn")
        # The services stamp "now": spread the day's movements over that past day's opening hours.
        fresh = Movement.objects.filter(site=site).exclude(pk__in=known).order_by("pk")
        opening = datetime.combine(day, time(10), tzinfo=site.tz)
        for index, pk in enumerate(fresh.values_list("pk", flat=True)):
            Movement.objects.filter(pk=pk).update(at=opening + timedelta(minutes=7 * index))
            made += 1
    return made
