"""store/personal_data.py: a person's counts are exported; on erasure the counts stay and the name goes."""

import pytest

from store import personal_data, services
from store.models import Movement, Transfer

pytestmark = pytest.mark.django_db


def test_export_lists_what_the_person_recorded(calais, coordinator, jeans, partner):
    services.record_sorted(site=calais, lines=[(jeans, 3)], by=coordinator)
    services.transfer(site=calais, partner=partner, lines=[(jeans, 1)], by=coordinator, note="van")
    data = personal_data.export(coordinator)
    assert [(row["kind"], row["quantity"], row["site"]) for row in data["store_movements"]] == [
        ("sorted", 3, "calais"),
        ("transferred", 1, "calais"),
    ]
    assert data["store_transfers"][0]["partner"] == "Solidarité Nord"


def test_erase_keeps_the_counts_and_drops_the_name(calais, coordinator, admin_user, jeans, partner):
    services.record_sorted(site=calais, lines=[(jeans, 3)], by=coordinator)
    services.transfer(site=calais, partner=partner, lines=[(jeans, 1)], by=coordinator)
    services.record_sorted(site=calais, lines=[(jeans, 2)], by=admin_user)
    personal_data.erase(coordinator)
    assert Movement.objects.count() == 3
    assert Movement.objects.filter(by=None).count() == 2
    assert Transfer.objects.get().by is None
    assert Movement.objects.filter(by=admin_user).count() == 1
    assert personal_data.export(coordinator) == {"store_movements": [], "store_transfers": []}


def test_every_model_pointing_at_a_person_is_covered():
    from django.apps import apps
    from django.conf import settings

    pointing = {
        model._meta.label
        for model in apps.get_app_config("store").get_models()
        if any(
            getattr(f, "related_model", None) and f.related_model._meta.label == settings.AUTH_USER_MODEL
            for f in model._meta.get_fields()
        )  # fmt: skip
    }
    assert pointing == set(personal_data.COVERED) | set(personal_data.EXCLUDED)
