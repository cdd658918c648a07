import io

import pytest
from django.core.management import call_command

from donations.models import Need
from shifts.models import ShiftTemplate
from sites.models import CollectionPoint

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_collection_points_in_several_arrondissements_with_weekly_templates(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    points = CollectionPoint.objects.filter(site__slug="porte-de-la-chapelle", is_active=True)
    assert len({point.arrondissement for point in points}) >= 3
    for point in points:
        assert ShiftTemplate.objects.filter(mission__collection_point=point).exists()
    assert ShiftTemplate.objects.filter(mission__slug="collection-round").exists()
    assert Need.objects.filter(urgency="enough").exists()
    call_command("seed_demo", stdout=io.StringIO())
    assert CollectionPoint.objects.count() == points.count()
    assert client.get("/donate/").status_code == 200
