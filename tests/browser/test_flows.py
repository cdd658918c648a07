"""End-to-end flows across the pages of issues 3, 4 and 5, written against the URL contract
(/work/shared/INTERFACES.md). Skipped on the ui branch, where those pages do not exist yet: the lead
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from shifts.models import Shift, Signup
from tests.browser.helpers import no_horizontal_scroll, wait_until
from tests.factories import MissionFactory, ShiftFactory
from volunteers.models import Volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accept_confirmations(page):
    # Destructive actions may ask "Are you sure?" (data-confirm): the person says yes.
    page.on("dialog", lambda dialog: dialog.accept())


def submit(page, locator):
    with page.expect_navigation():
        locator.click()


def test_newcomer_registers_signs_up_sees_it_in_my_shifts_and_cancels(page, axe_check, calais):
    mission = MissionFactory(site=calais, name="Warehouse sorting", slug="warehouse-sorting")
    shift = ShiftFactory(mission=mission, capacity=3)
    accept_confirmations(page)

    page.goto("/accounts/signup/")
    axe_check(page)
    form = page.locator("main form").first
    form.locator("[name=email]").fill("nina@example.org")
    form.locator("[name=password1]").fill("a-long-and-unusual-passphrase")
    form.locator("[name=first_name]").fill("Nina")
    form.locator("[name=last_name]").fill("Newcomer")
    form.locator("[name=birth_date]").fill("1995-04-12")
    form.locator("[name=phone]").fill("+33612345678")
    for box in form.locator("input[type=checkbox][required]").all():
        box.check()  # a charter or privacy agreement, if the form asks for one
    submit(page, form.locator("button[type=submit], input[type=submit]").last)
    assert "/accounts/signup/" not in page.url, page.locator("main").inner_text()
    nina = Volunteer.objects.get(email="nina@example.org")
    assert nina.first_name == "Nina"

    page.goto(f"/shifts/{shift.pk}/")
    assert no_horizontal_scroll(page)
    axe_check(page)
    sign_up = page.locator("main").get_by_role("button", name=re.compile(r"sign (me )?up", re.I))
    sign_up.first.click()
    confirmed = Signup.objects.filter(shift=shift, volunteer=nina, status=Signup.Status.CONFIRMED)
    wait_until(page, confirmed.exists, message="the sign-up button did not sign Nina up")
    page.locator(".message").first.wait_for()  # in #messages, or in the box htmx swapped in

    page.goto("/me/shifts/")
    assert no_horizontal_scroll(page)
    axe_check(page)
    assert "Warehouse sorting" in page.locator("main").inner_text()
    page.locator("main").get_by_role("link", name=re.compile("cancel", re.I)).first.click()
    axe_check(page)
    assert no_horizontal_scroll(page)
    page.locator("main").get_by_role("button", name=re.compile("cancel", re.I)).first.click()
    cancelled = Signup.objects.filter(shift=shift, volunteer=nina, status=Signup.Status.CANCELLED)
    wait_until(page, cancelled.exists, message="the cancel button did not cancel")
    page.locator(".message").first.wait_for()  # in #messages, or in the box htmx swapped in


def test_coordinator_on_a_phone_adds_a_walk_in_and_marks_attendance(page, axe_check, login, coordinator, calais):
    # Follows the roster pages as merged on main: the day roster, "Add a walk-in" on the card of a shift
    # that has not started, then, once it has started, "Present" among the actions of the person's row.
    mission = MissionFactory(site=calais, name="Day maraude", slug="day-maraude")
    starts = timezone.now() + timedelta(minutes=30)
    shift = ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=4)
    day = timezone.localtime(starts).date().isoformat()
    accept_confirmations(page)

    login(page, "colette@example.org", "correct-horse-battery")
    page.goto(f"/roster/calais/{day}/")
    assert page.viewport_size["width"] == 360
    assert no_horizontal_scroll(page)
    axe_check(page)
    assert "Day maraude" in page.locator("main").inner_text()

    submit(page, page.locator("main").get_by_role("link", name=re.compile("walk-in", re.I)).first)
    assert no_horizontal_scroll(page)
    axe_check(page)
    form = page.locator("main form").filter(has=page.locator("[name=first_name]")).first
    form.locator("[name=first_name]").fill("Walid")
    form.locator("[name=last_name]").fill("Walkin")
    form.locator("[name=phone]").fill("+33611223344")
    form.locator("[name=birth_date]").fill("1990-02-03")
    submit(page, form.locator("button[type=submit]").last)
    added = Signup.objects.filter(shift=shift, volunteer__first_name="Walid")
    wait_until(page, added.exists, message="the walk-in form did not add Walid")
    walk_in = added.select_related("volunteer").get()
    assert walk_in.volunteer.is_walk_in
    assert walk_in.status == Signup.Status.CONFIRMED

    # The shift is now under way (attendance is recorded once it has started): move it, not the clock.
    started = timezone.now() - timedelta(minutes=5)
    Shift.objects.filter(pk=shift.pk).update(starts_at=started, ends_at=started + timedelta(hours=3))
    page.goto(f"/roster/calais/{timezone.localtime(started).date().isoformat()}/")
    assert no_horizontal_scroll(page)
    row = page.locator("main li").filter(has_text="Walid").first
    submit(page, row.get_by_role("link", name=re.compile("^actions$", re.I)).first)  # the row's one actions link
    submit(page, page.locator("main").get_by_role("button", name=re.compile("^present$", re.I)).first)
    assert page.url.endswith(f"#signup-{walk_in.pk}")  # back on Walid's row, not the top of the day
    present = Signup.objects.filter(pk=walk_in.pk, attendance=Signup.Attendance.PRESENT)
    wait_until(page, present.exists, message="the attendance button did not record Walid as present")
    assert no_horizontal_scroll(page)
    axe_check(page)
