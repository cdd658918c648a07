"""The catalogue (safe on every deploy) and the demo stock at Porte de la Chapelle."""

import io

import pytest
from django.core.management import call_command

from store.models import Movement, Partner, Product, Target
from store.selectors import stock_levels
from tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_seeded_once_in_both_languages():
    call_command("seed_store", stdout=io.StringIO())
    count = Product.objects.count()
    assert 40 <= count <= 50
    assert not Product.objects.filter(name_fr="").exists()
    call_command("seed_store", stdout=io.StringIO())
    assert Product.objects.count() == count


def test_the_demo_stock_is_a_month_of_movements_at_porte_de_la_chapelle(chapelle):
    VolunteerFactory(is_superuser=True, is_staff=True)
    call_command("seed_store", demo=True, stdout=io.StringIO())
    made = Movement.objects.filter(site=chapelle).count()
    assert made > 100 and Partner.objects.count() == 3 and Target.objects.filter(site=chapelle).exists()
    days = {moment.date() for moment in Movement.objects.values_list("at", flat=True)}
    assert len(days) >= 28
    assert all(level["storage"] >= 0 and level["shop"] >= 0 for level in stock_levels(chapelle).values())
    call_command("seed_store", demo=True, stdout=io.StringIO())
    assert Movement.objects.count() == made
