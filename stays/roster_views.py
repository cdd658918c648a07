"""The coordinators' stays page: who arrives and leaves on a day, who sleeps where, beds taken per night,
the nights no longer backed by a shift, and a printable list for the campsite."""

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shifts import contact
from shifts.roster.access import get_roster_or_403
from shifts.roster.stats import Row, bar_chart
from utopia.inputs import InputRefused, in_window, parse_day

from . import selectors
from .selectors import CHART_DAYS


def _chosen_day(request, site) -> date:
    """The day asked for (utopia.inputs' window, a day either side kept inside it), today without one; else 404."""
    value = request.GET.get("day", "")
    if not value:
        return selectors.roster_today(site)
    try:
        day = parse_day(value)
    except InputRefused as refusal:
        raise Http404(str(refusal)) from None
    if not (in_window(day - timedelta(days=1)) and in_window(day + timedelta(days=CHART_DAYS))):
        raise Http404
    return day


def _context(request, site_slug: str) -> dict:
    site = get_roster_or_403(request, site_slug)
    day = _chosen_day(request, site)
    return {
        "site": site,
        "day": day,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
        "today": selectors.roster_today(site),
        "arrivals": selectors.arrivals(site, day),
        "departures": selectors.departures(site, day),
        "sleepers": _with_contacts(request.user, site, selectors.sleepers(site, day)),
    }


def _with_contacts(viewer, site, nights: list) -> list:
    """Each night's `contact`: the sleeper's phone as shifts.contact lets `viewer` see it (one query)."""
    shown = contact.visible_ids(viewer, site=site, volunteer_ids={night.stay.volunteer_id for night in nights})
    for night in nights:
        night.contact = contact.contact_of(night.stay.volunteer, visible=night.stay.volunteer_id in shown)
    return nights


@login_required
def stays(request, site_slug: str):
    context = _context(request, site_slug)
    site, day = context["site"], context["day"]
    nights = selectors.beds_per_night(site, day)
    rows = [
        Row(
            label=date_format(row.night, "D j M"),
            value=row.taken,
            detail=_("%(taken)d of %(beds)d beds") % {"taken": row.taken, "beds": row.beds},
            short=date_format(row.night, "j"),
        )
        for row in nights
    ]
    chart = bar_chart(
        _("Beds taken per night, %(days)d nights from %(day)s") % {"days": len(rows), "day": date_format(day, "j F")},
        rows,
        maximum=max([row.beds for row in nights] + [row.taken for row in nights] + [1]),
    )
    context.update({"chart": chart, "nights": nights, "flagged": selectors.flagged_nights(site, day)})
    return render(request, "stays/roster.html", context)


@login_required
def print_list(request, site_slug: str):
    return render(request, "stays/roster_print.html", _context(request, site_slug))
