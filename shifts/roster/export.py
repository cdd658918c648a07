"""The day roster taken away: a CSV for spreadsheets and a plain page to print. Both show what the day page
shows (selectors.day_roster), contact details under the same rule."""

import csv
from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.models import Site

from .selectors import day_roster

CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    # A cell starting with one of these is a formula in spreadsheet programs: neutralise it.
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text


def day_print(request, site: Site, day: date) -> HttpResponse:
    roster = day_roster(site, day, viewer=request.user)
    context = {
        "site": site,
        "day": day,
        "roster": roster,
        "now": timezone.now(),
        "missing_total": sum(entry.missing for entry in roster),
    }
    return render(request, "roster/day_print.html", context)


def day_csv(site: Site, day: date, *, viewer) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="roster-{site.slug}-{day.isoformat()}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the accents right
    writer = csv.writer(response)
    writer.writerow(
        [
            _("start"),
            _("end"),
            _("mission"),
            _("status"),
            _("first name"),
            _("last name"),
            _("phone"),
            _("email"),
            _("languages"),
            _("first time here"),
            _("late cancellation"),
            _("attendance"),
            _("note"),
        ]
    )
    for entry in day_roster(site, day, viewer=viewer):
        shift = entry.shift
        for signup in entry.confirmed + entry.waitlisted + entry.late_cancelled:
            person = signup.volunteer
            if person.anonymised_at:
                first_name, last_name = signup.name, ""
            elif signup.show_contact:
                first_name, last_name = person.first_name, person.last_name
            else:
                first_name, last_name = person.first_name, person.last_name[:1]
            cells = [
                _csv_cell(value)
                for value in (
                    shift.local_starts_at.strftime("%Y-%m-%d %H:%M"),
                    shift.local_ends_at.strftime("%Y-%m-%d %H:%M"),
                    shift.mission.display_name,
                    signup.get_status_display(),
                    first_name,
                    last_name,
                )
            ]
            # A validated phone number is not free text: kept as it is so it stays readable.
            cells.append(signup.phone_international)
            cells += [
                _csv_cell(value)
                for value in (
                    signup.email,
                    signup.languages_text,
                    _("yes") if signup.is_first_time else "",
                    _("yes") if signup.is_late_cancellation else "",
                    signup.get_attendance_display(),
                    signup.note,
                )
            ]
            writer.writerow(cells)
    return response
