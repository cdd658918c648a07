"""Never below zero under concurrency: real PostgreSQL, real threads, real row locks."""

from functools import partial

import pytest

from store import services
from store.models import Movement, Stock
from tests.factories import VolunteerFactory
from tests.shifts.test_signup_race import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_people_handing_out_the_last_five_items(calais, coordinator, jeans):
    services.record_sorted(site=calais, lines=[(jeans, 5)], by=coordinator)
    services.move_to_shop(site=calais, lines=[(jeans, 5)], by=coordinator)
    people = [VolunteerFactory() for _i in range(20)]
    calais.coordinators.add(*people)

    results = race(
        *[partial(services.record_distribution, site=calais, lines=[(jeans, 1)], by=person) for person in people]
    )

    won = [result for result in results if isinstance(result, list)]
    refused = [result for result in results if isinstance(result, services.StockRefused)]
    assert len(won) == 5, results
    assert len(refused) == 15 and {r.code for r in refused} == {"not_enough"}, results
    assert Stock.objects.get(site=calais, product=jeans, place="shop").quantity == 0
    assert Movement.objects.filter(kind="distributed").count() == 5


def test_two_products_locked_in_opposite_orders_never_deadlock(calais, coordinator, jeans, socks):
    services.record_sorted(site=calais, lines=[(jeans, 50), (socks, 50)], by=coordinator)
    calls = []
    for index in range(10):
        lines = [(jeans, 1), (socks, 1)] if index % 2 else [(socks, 1), (jeans, 1)]
        calls.append(partial(services.move_to_shop, site=calais, lines=lines, by=coordinator))
    results = race(*calls)
    assert all(isinstance(result, list) for result in results), results
    assert Stock.objects.get(site=calais, product=jeans, place="shop").quantity == 10
