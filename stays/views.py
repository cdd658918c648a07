"""The volunteer's stay pages: plan a stay, see it day by day, book the same shift every day, change, cancel.

Thin views: a form for the shape of the input, one service call per write, a redirect with a message.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shifts import selectors as shift_selectors
from shifts.models import Shift, Signup
from sites.models import Site

from . import selectors, services
from .forms import PlanStayForm, RepeatForm, SlotForm, StayDatesForm
from .models import Stay

STAYS_PER_PAGE = 20
RESULT_KEY = "stays:booked:%d"


def _my_stay(request, pk: int) -> Stay:
    # Only the person's own stays: anyone else's id is a 404, not a 403 that says it exists.
    return get_object_or_404(Stay.objects.select_related("site"), pk=pk, volunteer=request.user)


def _refusal_text(refusal) -> str:
    return " ".join(refusal.messages)


# --- outcomes of booking several days -------------------------------------------------------------------


def _outcome_rows(outcomes) -> list[dict]:
    """What book_stay_days did, as plain values kept in the session until the result page shows them."""
    rows = []
    for shift, outcome in outcomes:
        row = {"day": shift.local_starts_at.date().isoformat(), "shift_id": shift.pk, "message": ""}
        if isinstance(outcome, Signup):
            row["status"] = outcome.status
            row["position"] = shift_selectors.waitlist_position(outcome)
        else:
            row["status"] = "refused"
            row["message"] = _refusal_text(outcome)
        rows.append(row)
    return rows


def _days_to_book(stay: Stay, slot, arrival_time=None) -> list[Shift]:
    if arrival_time is not None:
        stay.arrival_time = arrival_time
    found = selectors.matching_shifts(stay=stay, slot=slot)
    return [shift for day, shift in sorted(found.items()) if _suits_arrival(stay, day, shift)]


def _book_days(stay: Stay, chosen) -> list[dict]:
    return _outcome_rows(services.book_stay_days(stay=stay, shifts=chosen))


def _suits_arrival(stay: Stay, day: date, shift: Shift) -> bool:
    """Not a shift that starts before the person arrives."""
    if day != stay.arrives_on or stay.arrival_time is None:
        return True
    return shift.local_starts_at.time() >= stay.arrival_time


def _remember(request, stay: Stay, rows: list[dict]) -> None:
    request.session[RESULT_KEY % stay.pk] = rows


def _result_days(stay: Stay, rows: list[dict]) -> list[dict]:
    """Day by day: what happened to the shift of that day, or that there was none."""
    shifts = Shift.objects.select_related("mission__site").in_bulk([row["shift_id"] for row in rows])
    by_day = {}
    for row in rows:
        row = dict(row, shift=shifts.get(row["shift_id"]))
        by_day.setdefault(row["day"], []).append(row)
    return [{"day": day, "rows": by_day.get(day.isoformat(), [])} for day in stay.days]


# --- pages ----------------------------------------------------------------------------------------------


@login_required
def my_stays(request):
    page = Paginator(selectors.my_stays(volunteer=request.user), STAYS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "stays/my_stays.html", {"page_obj": page})


@login_required
def choose_site(request):
    sites = Site.objects.order_by("position", "name")
    with_beds = set(Site.objects.filter(accommodations__is_active=True).values_list("pk", flat=True))
    return render(request, "stays/choose_site.html", {"sites": sites, "with_beds": with_beds})


@login_required
def plan(request, site_slug: str):
    site = get_object_or_404(Site, slug=site_slug)
    has_beds = selectors.has_beds(site)
    form = PlanStayForm(request.POST or None, slots=selectors.slots(site), has_beds=has_beds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        needs_bed = bool(data.get("needs_bed"))
        details = {"arrival_time": data["arrival_time"], "travel": data["travel"], "note": data["note"]}
        try:
            # The dates first (a stay until 9999 is refused before its days are looked at), then one service
            # call: the stay is checked as a whole before any shift is booked, and a stay refused books none.
            services.check_stay_dates(site=site, arrives_on=data["arrives_on"], leaves_on=data["leaves_on"])
            chosen = []
            if data.get("slot"):
                draft = Stay(
                    volunteer=request.user, site=site, arrives_on=data["arrives_on"], leaves_on=data["leaves_on"]
                )
                chosen = _days_to_book(draft, data["slot"], arrival_time=data["arrival_time"])
            stay, booked = services.plan_stay_with_shifts(
                volunteer=request.user,
                site=site,
                arrives_on=data["arrives_on"],
                leaves_on=data["leaves_on"],
                needs_bed=needs_bed,
                shifts=chosen,
                **details,
            )
        except services.StayRefused as refusal:
            form.add_error(None, _refusal_text(refusal))
        else:
            messages.success(request, _("Your stay is planned. Thank you for coming!"))
            if booked:
                _remember(request, stay, _outcome_rows(booked))
                return redirect("stays:booked", pk=stay.pk)
            return redirect("stays:detail", pk=stay.pk)
    return render(request, "stays/plan.html", {"site": site, "form": form, "has_beds": has_beds})


@login_required
def detail(request, pk: int):
    stay = _my_stay(request, pk)
    days = selectors.stay_days(stay)
    places = selectors.accommodations_of(stay) if stay.is_confirmed and stay.needs_bed else []
    slots = selectors.slots(stay.site)
    return render(
        request,
        "stays/detail.html",
        {
            "stay": stay,
            "days": days,
            "empty_days": [entry for entry in days if entry.is_empty],
            "places": places,
            "slot_form": SlotForm(slots=slots) if slots and stay.is_confirmed else None,
            "can_change": stay.is_confirmed and stay.leaves_on >= services.site_today(stay.site),
        },
    )


@login_required
def change(request, pk: int):
    stay = _my_stay(request, pk)
    if not stay.is_confirmed:
        messages.error(request, _("This stay has been cancelled."))
        return redirect("stays:detail", pk=stay.pk)
    initial = {f: getattr(stay, f) for f in ("arrives_on", "leaves_on", "arrival_time", "travel", "note")}
    form = StayDatesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if (data["arrives_on"], data["leaves_on"]) != (stay.arrives_on, stay.leaves_on):
                services.change_stay(stay=stay, arrives_on=data["arrives_on"], leaves_on=data["leaves_on"])
            services.update_details(
                stay=stay, arrival_time=data["arrival_time"], travel=data["travel"], note=data["note"]
            )
        except services.StayRefused as refusal:
            form.add_error(None, _refusal_text(refusal))
        else:
            messages.success(request, _("Your stay is changed."))
            return redirect("stays:detail", pk=stay.pk)
    return render(request, "stays/change.html", {"stay": stay, "form": form})


@login_required
@require_POST
def cancel(request, pk: int):
    stay = _my_stay(request, pk)
    try:
        services.cancel_stay(stay=stay)
    except services.StayRefused as refusal:
        messages.error(request, _refusal_text(refusal))
    else:
        messages.success(
            request,
            _(
                "Your stay is cancelled and any bed is freed. Your shifts are still booked: "
                "cancel them from My shifts if you will not come."
            ),
        )
    return redirect("stays:detail", pk=stay.pk)


@login_required
def repeat(request, pk: int):
    """The same shift (mission and local start time) on every day of the stay: offered day by day, booked in
    one go, then the result day by day."""
    stay = _my_stay(request, pk)
    slot = selectors.Slot.parse(request.GET.get("slot", ""))
    if not stay.is_confirmed or slot is None:
        return redirect("stays:detail", pk=stay.pk)
    found = selectors.matching_shifts(stay=stay, slot=slot)
    offered = {str(shift.pk): shift for shift in found.values()}
    form = RepeatForm(request.POST or None, offered=offered)
    if request.method == "POST" and form.is_valid():
        _remember(request, stay, _book_days(stay, form.cleaned_data["shifts"]))
        return redirect("stays:booked", pk=stay.pk)
    mine = set(
        Signup.objects.active()
        .filter(volunteer=request.user, shift__in=found.values())
        .values_list("shift_id", flat=True)
    )
    days = [
        {
            "day": day,
            "shift": found.get(day),
            "checked": day in found and found[day].pk not in mine and _suits_arrival(stay, day, found[day]),
            "mine": day in found and found[day].pk in mine,
        }
        for day in stay.days
    ]
    any_shift = next(iter(found.values()), None)
    return render(
        request,
        "stays/repeat.html",
        {"stay": stay, "days": days, "form": form, "slot": slot, "example": any_shift},
    )


@login_required
def booked(request, pk: int):
    stay = _my_stay(request, pk)
    rows = request.session.get(RESULT_KEY % stay.pk)
    if rows is None:
        return redirect("stays:detail", pk=stay.pk)
    return render(request, "stays/booked.html", {"stay": stay, "days": _result_days(stay, rows)})


@login_required
def same_shift(request, shift_pk: int):
    """From a shift's page: this shift every day of my stay at its site (the stay that includes its day, or
    the next one there); no stay there yet: plan one first."""
    shift = get_object_or_404(Shift.objects.select_related("mission__site"), pk=shift_pk)
    site, day = shift.mission.site, shift.local_starts_at.date()
    stays = selectors.upcoming_stays(volunteer=request.user, today=services.site_today(site)).filter(site=site)
    stay = stays.filter(arrives_on__lte=day, leaves_on__gte=day).first() or stays.first()
    if stay is None:
        messages.info(request, _("Plan your stay first: then you can book this shift every day of it."))
        return redirect("stays:plan", site_slug=site.slug)
    slot = selectors.slot_of(shift)
    return redirect(f"{reverse('stays:repeat', args=[stay.pk])}?slot={slot.key}")
