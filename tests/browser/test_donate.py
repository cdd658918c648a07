"""/donate/ on a phone: no horizontal scroll, axe clean, the filter works without JavaScript."""

from datetime import timedelta

import pytest
from django.utils import timezone

from donations.models import Need
from sites.models import Site
from tests.browser.helpers import axe_check, no_horizontal_scroll
from tests.donations.conftest import CollectionPointFactory, point_shift, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def paris(db):
    site = Site.objects.create(slug="porte-de-la-chapelle", name="Porte de la Chapelle (Paris)")
    Site.objects.create(slug="calais", name="Calais", position=1)
    Need.objects.create(site=site, item="Men's winter coats, sizes S and M", urgency="urgent")
    Need.objects.create(site=site, item="Sleeping bags", urgency="needed")
    Need.objects.create(site=site, item="Summer clothes", urgency="enough")
    for arrondissement, name in ((10, "Jardin Villemin"), (18, "Square Léon")):
        point = CollectionPointFactory(
            site=site,
            name=name,
            arrondissement=arrondissement,
            access_notes="Step-free entrance on the side street, by the blue door.",
        )
        staff(point_shift(point, day=timezone.localdate() + timedelta(days=1)))
    return site


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_donate_at_360px_filters_without_javascript(new_page, paris, locale):
    page = new_page(locale=locale, java_script_enabled=False)
    page.goto("/donate/")
    assert page.viewport_size["width"] == 360
    assert no_horizontal_scroll(page)
    assert page.locator(".point-name").all_inner_texts() == ["Jardin Villemin", "Square Léon"]
    assert page.locator("a[href^='geo:']").count() == 2

    page.select_option("select[name=arrondissement]", "18")
    with page.expect_navigation():
        page.locator("form.donate-filter button[type=submit]").click()
    assert "arrondissement=18" in page.url
    assert page.locator(".point-name").all_inner_texts() == ["Square Léon"]


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
@pytest.mark.parametrize("path", ["/donate/", "/donate/offer/"])
def test_donation_pages_are_axe_clean_on_a_phone(new_page, paris, path, locale):
    page = new_page(locale=locale)
    page.goto(path)
    assert no_horizontal_scroll(page)
    axe_check(page)


def test_the_offer_form_shows_its_errors_accessibly(page, paris):
    page.goto("/donate/offer/")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my offer").click()
    assert page.locator("[aria-invalid=true]").count() >= 3
    assert no_horizontal_scroll(page)
    axe_check(page)


def test_a_coordinator_changes_an_urgency_on_a_phone(page, paris, login):
    from tests.donations.conftest import OfferFactory
    from tests.factories import VolunteerFactory

    person = VolunteerFactory(email="paula@example.org")
    paris.coordinators.add(person)
    OfferFactory(site=paris)
    login(page, "paula@example.org", "correct-horse-battery")
    page.goto(f"/roster/{paris.slug}/needs/")
    assert no_horizontal_scroll(page)
    axe_check(page)
    need = Need.objects.get(item="Sleeping bags")
    page.select_option(f"#id_need-{need.pk}-urgency", "urgent")
    with page.expect_navigation():
        page.locator(f"form[action$='/needs/{need.pk}/'] button[type=submit]").click()
    need.refresh_from_db()
    assert need.urgency == "urgent"
    page.goto(f"/roster/{paris.slug}/offers/")
    assert no_horizontal_scroll(page)
    axe_check(page)
