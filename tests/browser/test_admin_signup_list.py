"""At 1280 px the admin's sign-up list shows every column a reviewer needs, none cut off to the right."""

import pytest

from shifts.models import Signup
from tests.browser.helpers import DESKTOP, login
from tests.factories import ShiftFactory, SignupFactory, VolunteerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_list_fits_1280_px(new_page, mission, admin_user):
    for index in range(3):
        SignupFactory(
            shift=ShiftFactory(mission=mission),
            volunteer=VolunteerFactory(first_name=f"Maximilienne{index}", last_name="Longuenom-de-la-Fontaine"),
            status=Signup.Status.CONFIRMED,
        )
    page = new_page(viewport=DESKTOP)
    login(page, "ada@example.org", "correct-horse-battery")
    page.goto("/admin/shifts/signup/")
    # The list scrolls sideways inside its own box when too wide: a column is visible if it ends inside that box.
    visible_until = page.evaluate(
        "() => Math.min(window.innerWidth,"
        " document.querySelector('#changelist .results').getBoundingClientRect().right)"
    )
    assert page.evaluate(
        "() => { const r = document.querySelector('#changelist .results'); return r.scrollWidth <= r.clientWidth; }"
    )
    for column in ("column-person", "column-shift_starts", "column-site_name", "column-status", "column-attendance"):
        box = page.locator(f"#result_list th.{column}").bounding_box()
        assert box is not None, column
        assert box["x"] + box["width"] <= visible_until + 1, f"{column} is cut off at 1280 px"
