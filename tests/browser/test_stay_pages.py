"""The stay pages on a 360 px phone, in French and English, with no serious accessibility finding."""

from datetime import timedelta

import pytest

from stays import services
from tests.browser.helpers import no_horizontal_scroll
from tests.factories import AccommodationFactory
from tests.stays.conftest import ARRIVAL, working

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_stay_pages_fit_a_phone_and_pass_axe(new_page, axe_check, login, coordinator, calais, mission, locale):
    AccommodationFactory(site=calais, beds=4)
    working(coordinator, mission, ARRIVAL, 2)
    stay = services.plan_stay(
        volunteer=coordinator, site=calais, arrives_on=ARRIVAL, leaves_on=ARRIVAL + timedelta(days=2), needs_bed=True
    )
    page = new_page(locale=locale)
    login(page, "colette@example.org", "correct-horse-battery")
    for path in (
        "/me/stays/plan/calais/",
        f"/me/stays/{stay.pk}/",
        f"/roster/calais/stays/?day={ARRIVAL.isoformat()}",
    ):
        page.goto(path)
        assert page.locator("main h1").count() == 1, path
        assert no_horizontal_scroll(page), path
        axe_check(page)
