"""The day roster's rows of people, written here once per group rather than by the template engine a tag at a
time: a busy day has ~130 people, and their rows cost the page more than everything else it shows (see
`python -m bench --profile roster_day`). The markup is the one roster/partials/shift_card.html had inline."""

import functools

# Django's escape() is this one behind a wrapper for lazy strings, which costs more than the escaping on ~500 values.
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shifts.models import Signup

register = template.Library()


@functools.lru_cache(maxsize=16)
def _words(language: str) -> tuple[str, ...]:
    """The rows' words in `language` (the active one), escaped, looked up once per language in the process: a text
    the language leaves as it is goes through every catalogue, a cost the ~16 groups of a page need not pay."""
    texts = (
        _("first time here"),
        _("walk-in"),
        _("present"),
        _("no-show"),
        _("Note:"),
        _("Actions"),
        _("first time here, alone"),
    )
    return tuple(escape(text) for text in texts)


@register.simple_tag
def person_rows(people, signup_path: str):
    """The <li> of each sign-up of `people` (rows of shifts.roster.selectors.day_roster: `name`,
    `is_first_time`, `is_alone`, `rule_flags`, `tel`, `phone_international`, `languages_text`, `note`, their volunteer's
    `is_walk_in`), each
    with one link to the person's actions at `signup_path` + id + "/"."""
    first_time, walk_in, present, no_show, note_label, actions, alone = _words(get_language())
    first_time = f' <span class="badge badge-warn">{first_time}</span>'
    walk_in = f' <span class="badge">{walk_in}</span>'
    present = f' <span class="badge badge-ok">✓ {present}</span>'
    no_show = f' <span class="badge badge-bad">✗ {no_show}</span>'
    alone = f' <span class="badge badge-bad">{alone}</span>'
    path = escape(signup_path)
    rows = []
    for signup in people:
        pk = signup.pk
        # A first-timer with nobody experienced on the shift: "first time here, alone" instead of "first time here".
        badges = alone if signup.is_alone else first_time if signup.is_first_time else ""
        # What a coordinator booked past (hours, rest after a night) or a first shift with no briefing (shifts.rules).
        badges += "".join(f' <span class="badge badge-warn">⚠ {escape(str(flag))}</span>' for flag in signup.rule_flags)
        badges += walk_in if signup.volunteer.is_walk_in else ""
        if signup.attendance == Signup.Attendance.PRESENT:
            badges += present
        elif signup.attendance == Signup.Attendance.NO_SHOW:
            badges += no_show
        row = f'\n<li id="signup-{pk}"><p><strong id="n{pk}">{escape(str(signup.name))}</strong>{badges}</p>\n'
        if signup.tel or signup.languages_text:
            phone = (
                f'<a href="tel:{escape(signup.tel)}">{escape(signup.phone_international)}</a> ' if signup.tel else ""
            )
            row += f"<p>{phone}<small>{escape(signup.languages_text)}</small></p>"
        if signup.note:
            row += f'\n<p class="roster-note">{note_label} {escape(signup.note)}</p>'
        row += f'\n<a class="roster-act" href="{path}{pk}/" aria-describedby="n{pk}">{actions}</a></li>'
        rows.append(row)
    return mark_safe("".join(rows))  # noqa: S308  # nosec B308 B703  # every value above is escaped
