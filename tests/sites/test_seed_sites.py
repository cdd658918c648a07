import pytest
from django.core.management import call_command

from sites.models import Mission, Site


@pytest.mark.django_db
def test_seed_sites_creates_the_three_sites_once():
    call_command("seed_sites")
    call_command("seed_sites")
    assert set(Site.objects.values_list("slug", flat=True)) == {"calais", "porte-de-la-chapelle", "grande-synthe"}
    assert Mission.objects.filter(site__slug="calais").count() == 3
    assert Mission.objects.filter(site__slug="porte-de-la-chapelle").count() == 7
    assert Mission.objects.filter(site__slug="grande-synthe").count() == 5
    assert not Mission.objects.filter(description="").exists()


@pytest.mark.django_db
def test_seed_sites_keeps_edits_to_other_fields():
    call_command("seed_sites")
    Site.objects.filter(slug="calais").update(reminder_hours=12)
    call_command("seed_sites")
    assert Site.objects.get(slug="calais").reminder_hours == 12


@pytest.mark.django_db
def test_seed_sites_creates_no_collection_point_but_a_collection_round_that_needs_a_driver():
    from sites.models import CollectionPoint

    call_command("seed_sites")
    assert not CollectionPoint.objects.exists()
    assert Mission.objects.get(site__slug="porte-de-la-chapelle", slug="collection-round").requires_driving_licence
