"""store.selectors: what is short (what donors are asked for), the stock by category, a month's report."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import translation

from store import selectors, services
from store.models import Movement, Product, Target

pytestmark = pytest.mark.django_db


def test_shortfalls_most_short_first_hidden_left_out_names_in_the_language(calais, coordinator, jeans, socks):
    coat = Product.objects.create(category="clothing", name="Winter coat", name_fr="Manteau d'hiver", gender="women")
    services.record_sorted(site=calais, lines=[(jeans, 8), (socks, 2), (coat, 30)], by=coordinator)
    Target.objects.create(site=calais, product=jeans, level=10)  # 2 short
    Target.objects.create(site=calais, product=socks, level=50)  # 48 short
    Target.objects.create(site=calais, product=coat, level=20)  # enough
    with translation.override("fr"):
        rows = selectors.shortfalls(calais)
        assert [(row.name, row.missing) for row in rows] == [("Chaussettes neuves", 48), ("Jean, Hommes, 42", 2)]
    with translation.override("en"):
        assert selectors.shortfalls(calais)[0].name == "New socks"
    Target.objects.filter(product=socks).update(hidden=True)
    assert [row.product for row in selectors.shortfalls(calais)] == [jeans]
    assert [row.product for row in selectors.shortfalls(calais, include_hidden=True)] == [socks, jeans]


def test_donor_asks_covers_every_site_in_two_queries(calais, chapelle, coordinator, jeans, socks, admin_user,
                                                     django_assert_num_queries):  # fmt: skip
    Target.objects.create(site=calais, product=jeans, level=5)
    Target.objects.create(site=chapelle, product=socks, level=3)
    services.record_sorted(site=chapelle, lines=[(socks, 1)], by=admin_user)
    with django_assert_num_queries(2):
        asks = selectors.donor_asks([calais, chapelle])
    assert [(row.product, row.missing) for row in asks[calais.pk]] == [(jeans, 5)]
    assert [(row.product, row.missing) for row in asks[chapelle.pk]] == [(socks, 2)]


def test_donor_asks_rows_are_plain_json_in_the_page_language(calais, chapelle, jeans):
    Target.objects.create(site=chapelle, product=jeans, level=4)
    with translation.override("fr"):
        rows = selectors.donor_asks_rows([calais, chapelle])
    assert rows == [
        {
            "site": "porte-de-la-chapelle",
            "product": jeans.pk,
            "category": "clothing",
            "name": "Jean, Hommes, 42",
            "name_en": "Jeans",
            "name_fr": "Jean",
            "size": "42",
            "missing": 4,
        }
    ]


def test_stock_by_category_puts_what_is_short_first(calais, coordinator, jeans, socks):
    services.record_sorted(site=calais, lines=[(jeans, 8), (socks, 2)], by=coordinator)
    services.move_to_shop(site=calais, lines=[(jeans, 3)], by=coordinator)
    Target.objects.create(site=calais, product=socks, level=10)
    groups = selectors.stock_by_category(calais)
    assert [group.category for group in groups] == ["underwear", "clothing"]
    assert (groups[1].storage, groups[1].shop, groups[0].short) == (5, 3, 8)


def test_month_report_counts_in_the_site_time_zone_and_subtracts_undos(calais, coordinator, jeans, partner):
    with time_machine.travel(datetime(2026, 3, 31, 23, 30, tzinfo=calais.tz), tick=False):  # still March in Paris
        services.record_sorted(site=calais, lines=[(jeans, 10)], by=coordinator)
    with time_machine.travel(datetime(2026, 4, 1, 0, 30, tzinfo=calais.tz), tick=False):
        (sorted_in,) = services.record_sorted(site=calais, lines=[(jeans, 4)], by=coordinator)
        services.undo(movement=sorted_in, by=coordinator)
        services.move_to_shop(site=calais, lines=[(jeans, 5)], by=coordinator)
        services.record_distribution(site=calais, lines=[(jeans, 2)], by=coordinator)
        services.transfer(site=calais, partner=partner, lines=[(jeans, 1)], by=coordinator)
        services.count(site=calais, product=jeans, place="storage", counted=1, by=coordinator)
    (march,) = selectors.month_report(calais, date(2026, 3, 1))
    assert (march.sorted_in, march.out) == (10, 0)
    (april,) = selectors.month_report(calais, date(2026, 4, 1))
    assert (april.sorted_in, april.distributed, april.transferred, april.counted, april.out) == (0, 2, 1, -3, 3)
    assert Movement.objects.filter(at__gte=datetime(2026, 4, 1, tzinfo=calais.tz) + timedelta(hours=2)).count() == 0
