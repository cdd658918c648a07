"""The two walks of issue 24, counted in Chromium at 360 x 740: taps (each tap on a link, a button, a field or a
box; typing is not counted) and page loads (full loads, in every browser the person uses).

(a) A newcomer from / to a confirmed first shift, with verification mandatory: the confirmation link is opened in
    a second browser context (the phone's mail app). At most 12 taps.
(b) A coordinator from the day roster to a booked gap, the message visible where the page lands. At most 3 taps.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from shifts.models import Signup
from tests.browser.helpers import PHONE, no_horizontal_scroll, wait_until
from tests.factories import MissionFactory, ShiftFactory, SignupFactory, VolunteerFactory
from volunteers.models import Charter, Volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEWCOMER_MAX_TAPS = 12
COORDINATOR_MAX_TAPS = 3


class Walk:
    """Counts the taps a test makes and the pages its tabs load."""

    def __init__(self):
        self.taps = 0
        self.loads = 0

    def watch(self, page):
        page.on("load", lambda _page: self._loaded())
        return page

    def _loaded(self):
        self.loads += 1

    def tap(self, locator):
        self.taps += 1
        locator.click()

    def type(self, locator, text: str):
        self.taps += 1  # the tap into the field; the keyboard's letters are not taps
        locator.fill(text)

    def tick(self, locator):
        self.taps += 1
        locator.check()


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]


def test_a_newcomer_from_home_to_a_confirmed_first_shift(new_page, settings, calais, capsys):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    Charter.objects.create(version=1, text="We respect everyone.", published_at=timezone.now())
    mission = MissionFactory(site=calais, name="Warehouse sorting", slug="warehouse-sorting")
    starts = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    shift = ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=4)
    walk = Walk()
    phone = walk.watch(new_page(viewport=PHONE))

    phone.goto("/")
    walk.tap(phone.locator(f"main a[href='/shifts/{shift.pk}/']").first)
    phone.wait_for_url(f"**/shifts/{shift.pk}/")
    walk.tap(phone.locator("main").get_by_role("link", name="Create a volunteer account"))
    phone.wait_for_url("**/accounts/signup/**")
    form = phone.locator("main form").first
    walk.type(form.locator("[name=first_name]"), "Nadia")
    walk.type(form.locator("[name=last_name]"), "Newcomer")
    walk.type(form.locator("[name=email]"), "nadia@example.org")
    walk.type(form.locator("[name=password1]"), "a-long-and-unusual-passphrase")
    walk.type(form.locator("[name=birth_date]"), "1995-04-12")
    walk.type(form.locator("[name=phone]"), "06 12 34 56 78")
    walk.tick(form.locator("[name=charter]"))
    with phone.expect_navigation():
        walk.tap(form.get_by_role("button", name="Create my account"))
    assert Volunteer.objects.filter(email="nadia@example.org").exists(), phone.locator("main").inner_text()
    wait_until(phone, lambda: len(mail.outbox) == 1, message="no confirmation email")
    link = re.search(r"https?://[^\s\"<>]+/accounts/confirm-email/[^\s\"<>]+", mail.outbox[0].body).group(0)

    mail_app = walk.watch(new_page(viewport=PHONE))  # another browser: the phone's mail app
    walk.taps += 1  # the tap on the link in the email
    mail_app.goto(link)
    with mail_app.expect_navigation():
        walk.tap(mail_app.get_by_role("button", name=re.compile("^Confirm and sign up")))
    nadia = Volunteer.objects.get(email="nadia@example.org")
    booked = Signup.objects.filter(shift=shift, volunteer=nadia, status=Signup.Status.CONFIRMED)
    wait_until(mail_app, booked.exists, message="the confirmation did not book the shift")
    assert mail_app.url.endswith(f"/shifts/{shift.pk}/")
    message = mail_app.locator("#messages .message-success").filter(has_text="You are booked")
    assert in_view(mail_app, message)
    assert no_horizontal_scroll(mail_app)

    with capsys.disabled():
        print(f"\n[taps] newcomer, home to a confirmed first shift: {walk.taps} taps, {walk.loads} page loads")
    assert walk.taps <= NEWCOMER_MAX_TAPS, walk.taps


def test_a_coordinator_from_the_day_roster_to_a_booked_gap(page, login, coordinator, calais, capsys):
    mission = MissionFactory(site=calais, name="Kitchen", slug="kitchen")
    starts = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=1)
    for hour in (9, 12):  # earlier shifts, so the gap is not the first card
        early = starts.replace(hour=hour)
        ShiftFactory(mission=mission, starts_at=early, ends_at=early + timedelta(hours=2), capacity=3)
    gap = ShiftFactory(mission=mission, starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=3)
    past = ShiftFactory(
        mission=mission,
        starts_at=timezone.now() - timedelta(days=7),
        ends_at=timezone.now() - timedelta(days=7, hours=-3),
    )
    regular = VolunteerFactory(first_name="Rania", last_name="Regular")
    SignupFactory(shift=past, volunteer=regular, status=Signup.Status.CONFIRMED, attendance=Signup.Attendance.PRESENT)
    login(page, "colette@example.org", "correct-horse-battery")
    walk = Walk()
    walk.watch(page)

    page.goto(f"/roster/calais/{timezone.localtime(starts).date().isoformat()}/")
    card = page.locator(f"#shift-{gap.pk}")
    with page.expect_navigation():
        walk.tap(card.get_by_role("link", name="Assign someone"))
    assert "Rania R." in page.locator("main").inner_text()  # suggested before anything is typed
    assert "Regular" not in page.locator("main").inner_text()
    with page.expect_navigation():
        walk.tap(page.get_by_role("button", name="Book Rania R."))
    assert Signup.objects.filter(shift=gap, volunteer=regular, status=Signup.Status.CONFIRMED).exists()
    message = page.locator(f"#shift-{gap.pk} .message-success")
    message.wait_for()
    assert "Rania R. is booked" in message.inner_text()
    assert in_view(page, message), message.bounding_box()
    assert no_horizontal_scroll(page)

    with capsys.disabled():
        print(f"\n[taps] coordinator, day roster to a booked gap: {walk.taps} taps, {walk.loads} page loads")
    assert walk.taps <= COORDINATOR_MAX_TAPS, walk.taps
