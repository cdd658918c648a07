"""The admin's sign-up list: newest shifts first, the columns a reviewer needs, a date hierarchy on the shift's
start (its width at 1280 px: tests/browser/test_admin_signup_list.py)."""

from datetime import timedelta

import pytest
from django.contrib import admin

from shifts.models import Signup
from tests.factories import SignupFactory

from .conftest import FUTURE_DAY, make_shift

pytestmark = pytest.mark.django_db


def test_ordered_by_shift_start_newest_first(admin_client_, mission):
    soon = make_shift(mission, day=FUTURE_DAY)
    later = make_shift(mission, day=FUTURE_DAY + timedelta(days=5))
    # Signed up in the opposite order, so sign-up time cannot be what orders them.
    on_later = SignupFactory(shift=later)
    on_soon = SignupFactory(shift=soon)

    response = admin_client_.get("/admin/shifts/signup/")

    rows = list(response.context["cl"].result_list)
    assert rows == [on_later, on_soon]


def test_the_reviewers_columns_and_the_date_hierarchy():
    model_admin = admin.site._registry[Signup]
    assert model_admin.date_hierarchy == "shift__starts_at"
    assert model_admin.ordering[0] == "-shift__starts_at"
    columns = list(model_admin.list_display)
    for needed in ("person", "shift_starts", "site_name", "status", "attendance"):
        assert needed in columns
    assert len(columns) <= 6


def test_the_list_shows_the_shift_in_the_sites_time(admin_client_, mission):
    shift = make_shift(mission)
    SignupFactory(shift=shift)
    html = admin_client_.get("/admin/shifts/signup/").text
    assert shift.local_starts_at.strftime("%H:%M") in html
    assert "Calais" in html
