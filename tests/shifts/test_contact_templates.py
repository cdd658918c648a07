"""A page or a message shows another person's email or phone only as shifts.contact hands it over (a `contact`
value, or a row's `email`/`tel` set by a selector that asked the door): a template reading `<person>.phone` or
`.email` itself is either on the short list below, with the door's decision guarding it, or a new page that skipped
the door."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
READS = re.compile(r"([a-z_.]*)\.(phone|email|emergency_contact_phone)\b")
# Not other people's details: the site's own numbers, a donor's offer, forms, the viewer's own account.
NOT_A_PERSON = ("site.", "offer.", "form.", "contact.", "user.")
# (template, what it reads): each guarded by the door's answer in the same template.
GUARDED = {
    # the site's coordinators on call, for the team on the round: their role's number, not a volunteer's
    ("shifts/team.html", "person.phone"),
    # the volunteer page's emergency contact, under `show_contact` (shifts.contact.may_see_contact)
    ("volunteers/detail.html", "person.emergency_contact_phone"),
    # the viewer's own profile
    ("volunteers/me.html", "volunteer.email"),
}
# Messages (mail and SMS, templates/emails/) are held to the same rule: a message never shows a phone a page would
# hide. Only allauth's own account pages (the viewer's addresses, their forms) are left out.
SKIPPED_DIRS = ("account/", "socialaccount/")


def _reads():
    for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name.startswith(SKIPPED_DIRS):
            continue
        for match in READS.finditer(path.read_text()):
            read = match.group(0)
            if not read.startswith(NOT_A_PERSON):
                yield name, read


def test_no_template_reads_a_persons_details_without_the_door():
    assert set(_reads()) <= GUARDED


def test_the_guarded_templates_still_ask_the_door():
    onboarding = (TEMPLATES / "shifts/partials/onboarding_booked.html").read_text()
    assert "buddy.buddy_contact.tel" in onboarding
    assert "{% if show_contact %}" in (TEMPLATES / "volunteers/detail.html").read_text()
