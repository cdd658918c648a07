import pytest
from django.core.management import call_command

from sites.models import Mission, Site


@pytest.mark.django_db
def test_seed_sites_creates_the_three_sites_once():
    call_command("seed_sites")
    call_command("seed_sites")
    assert set(Site.objects.values_list("slug", flat=True)) == {"calais", "porte-de-la-chapelle", "grande-synthe"}
    # Each site's missions, and its briefing for newcomers (onboarding).
    assert Mission.objects.filter(site__slug="calais").count() == 3 + 1
    assert Mission.objects.filter(site__slug="porte-de-la-chapelle").count() == 7 + 1
    assert Mission.objects.filter(site__slug="grande-synthe").count() == 5 + 1
    assert not Mission.objects.filter(description="").exists()


@pytest.mark.django_db
def test_seed_sites_keeps_edits_to_other_fields():
    call_command("seed_sites")
    Site.objects.filter(slug="calais").update(reminder_hours=12)
    call_command("seed_sites")
    assert Site.objects.get(slug="calais").reminder_hours == 12


@pytest.mark.django_db
def test_seed_sites_sets_the_safe_team_rules():
    from volunteers.models import Qualification

    call_command("seed_sites")
    call_command("seed_sites")
    checked = dict(Qualification.objects.values_list("slug", "needs_check"))
    assert checked == {"safeguarding": True, "team-lead": True, "driving-licence": False, "first-aid": False}
    assert Qualification.objects.get(slug="safeguarding").validity_days == 3 * 365
    minors = Mission.objects.get(slug="minors-accompaniment")
    assert minors.min_to_run == 2
    assert list(minors.required_qualifications.values_list("slug", flat=True)) == ["safeguarding"]
    night = Mission.objects.get(slug="night-maraude")
    assert night.min_to_run == 3 and night.needs_safe_return
    assert dict(night.team_needs.values_list("qualification__slug", "count")) == {"team-lead": 1, "driving-licence": 1}
    shuttles = Mission.objects.get(slug="shuttles")
    assert list(shuttles.required_qualifications.values_list("slug", flat=True)) == ["driving-licence"]
    # Every other mission keeps today's behaviour.
    plain = Mission.objects.exclude(slug__in=["minors-accompaniment", "night-maraude", "shuttles", "collection-round"])
    assert not plain.exclude(min_to_run=1).exists() and not plain.filter(needs_safe_return=True).exists()
    assert not plain.filter(required_qualifications__isnull=False).exists()


@pytest.mark.django_db
def test_seed_sites_creates_no_collection_point_but_a_collection_round_that_needs_a_driver():
    from sites.models import CollectionPoint

    call_command("seed_sites")
    assert not CollectionPoint.objects.exists()
    round_ = Mission.objects.get(site__slug="porte-de-la-chapelle", slug="collection-round")
    assert list(round_.required_qualifications.values_list("slug", flat=True)) == ["driving-licence"]


@pytest.mark.django_db
def test_seed_sites_makes_the_paris_store_mission_a_store_and_no_other():
    call_command("seed_sites")
    Mission.objects.update(is_store=False)  # a database seeded before the store existed
    call_command("seed_sites")
    assert list(Mission.objects.filter(is_store=True).values_list("site__slug", "slug")) == [
        ("porte-de-la-chapelle", "store")
    ]
