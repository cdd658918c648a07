"""The numbers behind the work, per site, computed in the database (a fixed handful of queries per site).

- volunteer-days: distinct (volunteer, local day) with a confirmed sign-up on a past shift, per month;
- fill rate: confirmed seats / seats offered on past shifts, per mission and per weekday;
- no-show rate: no-shows / attendance recorded, on past shifts;
- new volunteers: people whose first ever sign-up at the site was made that month.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import CharField, Count, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Cast, Concat, ExtractIsoWeekDay, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from shifts.models import Shift, ShiftTemplate, Signup
from sites.models import Site
from volunteers.localised import in_language

MONTHS = 12
WEEKDAY_NAMES = dict(ShiftTemplate.Weekday.choices)


@dataclass
class Row:
    label: str
    value: float
    detail: str = ""
    short: str = ""

    def __post_init__(self):
        self.short = self.short or self.label


@dataclass
class SiteReport:
    site: Site
    volunteer_days: list[Row] = field(default_factory=list)
    new_volunteers: list[Row] = field(default_factory=list)
    fill_by_mission: list[Row] = field(default_factory=list)
    fill_by_weekday: list[Row] = field(default_factory=list)
    present: int = 0
    no_shows: int = 0
    unrecorded: int = 0

    @property
    def no_show_rate(self) -> float | None:
        recorded = self.present + self.no_shows
        return round(100 * self.no_shows / recorded, 1) if recorded else None

    @property
    def charts(self) -> list[dict]:
        return [
            bar_chart(_("Volunteer-days per month"), self.volunteer_days),
            bar_chart(_("New volunteers per month"), self.new_volunteers),
            # Mission names are long ("Warehouse: sorting donations"): each bar gets its whole name above it.
            row_chart(_("Fill rate per mission (%)"), self.fill_by_mission, maximum=100),
            bar_chart(_("Fill rate per weekday (%)"), self.fill_by_weekday, maximum=100),
        ]


def _months(now_local: datetime) -> list[date]:
    year, month = now_local.year, now_local.month
    months = []
    for _i in range(MONTHS):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _mission_name(name: str, name_fr: str) -> str:
    return in_language(name, name_fr)


def _rate(confirmed, capacity) -> float:
    return round(100 * (confirmed or 0) / capacity, 1) if capacity else 0.0


def site_report(*, site: Site, now: datetime) -> SiteReport:
    tz = site.tz
    months = _months(timezone.localtime(now, tz))
    window_start = datetime.combine(months[0], datetime.min.time(), tzinfo=tz)
    report = SiteReport(site=site)
    month_label = {m: date_format(m, "M Y") for m in months}
    month_short = {m: date_format(m, "M") for m in months}

    past_confirmed = Signup.objects.filter(
        status=Signup.Status.CONFIRMED,
        shift__mission__site=site,
        shift__is_cancelled=False,
        shift__ends_at__lte=now,
        shift__starts_at__gte=window_start,
    )
    volunteer_days = dict(
        (_as_date(row["month"]), row["n"])
        for row in past_confirmed.annotate(
            month=TruncMonth("shift__starts_at", tzinfo=tz), local_day=TruncDate("shift__starts_at", tzinfo=tz)
        )
        .values("month")
        .annotate(
            n=Count(
                Concat(Cast("volunteer_id", CharField()), Value(":"), Cast("local_day", CharField())), distinct=True
            )
        )
        .values("month", "n")
    )
    report.volunteer_days = [Row(month_label[m], volunteer_days.get(m, 0), short=month_short[m]) for m in months]

    at_site = Signup.objects.filter(shift__mission__site=site)
    first_ones = at_site.filter(created_at__gte=window_start, created_at__lte=now).filter(
        ~Exists(
            Signup.objects.filter(
                volunteer_id=OuterRef("volunteer_id"), shift__mission__site=site, created_at__lt=OuterRef("created_at")
            )
        )
    )
    newcomers = dict(
        (_as_date(row["month"]), row["n"])
        for row in first_ones.annotate(month=TruncMonth("created_at", tzinfo=tz))
        .values("month")
        .annotate(n=Count("volunteer_id", distinct=True))
        .values("month", "n")
    )
    report.new_volunteers = [Row(month_label[m], newcomers.get(m, 0), short=month_short[m]) for m in months]

    past_shifts = Shift.objects.filter(
        mission__site=site, is_cancelled=False, ends_at__lte=now, starts_at__gte=window_start
    )
    for row in (
        past_shifts.values("mission_id", "mission__name", "mission__name_fr", "mission__position")
        .annotate(capacity=Sum("capacity"), confirmed=Sum("confirmed_count"))
        .order_by("mission__position", "mission__name")
    ):
        report.fill_by_mission.append(
            Row(
                _mission_name(row["mission__name"], row["mission__name_fr"]),
                _rate(row["confirmed"], row["capacity"]),
                f"{row['confirmed']}/{row['capacity']}",
            )
        )
    by_weekday = {
        row["weekday"]: row
        for row in past_shifts.annotate(weekday=ExtractIsoWeekDay("starts_at", tzinfo=tz))
        .values("weekday")
        .annotate(capacity=Sum("capacity"), confirmed=Sum("confirmed_count"))
        .order_by("weekday")
    }
    for iso_day in range(1, 8):
        row = by_weekday.get(iso_day)
        label = str(WEEKDAY_NAMES[iso_day - 1])
        if row is None:
            report.fill_by_weekday.append(Row(label, 0.0, "0/0", short=label[:3]))
        else:
            report.fill_by_weekday.append(
                Row(
                    label,
                    _rate(row["confirmed"], row["capacity"]),
                    f"{row['confirmed']}/{row['capacity']}",
                    short=label[:3],
                )
            )

    attendance = past_confirmed.aggregate(
        present=Count("pk", filter=Q(attendance=Signup.Attendance.PRESENT)),
        no_shows=Count("pk", filter=Q(attendance=Signup.Attendance.NO_SHOW)),
        unrecorded=Count("pk", filter=Q(attendance=Signup.Attendance.UNKNOWN)),
    )
    report.present = attendance["present"]
    report.no_shows = attendance["no_shows"]
    report.unrecorded = attendance["unrecorded"]
    return report


def build_report(*, sites, now: datetime) -> list[SiteReport]:
    return [site_report(site=site, now=now) for site in sites]


# --- server-rendered SVG bar charts -------------------------------------------------------------

CHART_WIDTH = 320
CHART_HEIGHT = 160
LABEL_SPACE = 34
TOP_SPACE = 14


def bar_chart(title, rows: list[Row], maximum: float | None = None) -> dict:
    """Coordinates of a vertical bar chart in a 320 x 160 viewBox (the template scales it)."""
    top = maximum or max([row.value for row in rows] + [1])
    count = max(len(rows), 1)
    slot = CHART_WIDTH / count
    plot_height = CHART_HEIGHT - LABEL_SPACE - TOP_SPACE
    bars = []
    for index, row in enumerate(rows):
        height = plot_height * (row.value / top) if top else 0
        x = index * slot + slot * 0.15
        bars.append(
            {
                "x": round(x, 1),
                "width": round(slot * 0.7, 1),
                "y": round(TOP_SPACE + plot_height - height, 1),
                "height": round(height, 1),
                "label_x": round(index * slot + slot / 2, 1),
                "value_y": round(TOP_SPACE + plot_height - height - 3, 1),
                "row": row,
            }
        )
    summary = "; ".join(f"{row.label}: {_number(row.value)}" for row in rows)
    return {
        "title": title,
        "summary": summary,
        "bars": bars,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "baseline": CHART_HEIGHT - LABEL_SPACE,
        "label_y": CHART_HEIGHT - LABEL_SPACE + 14,
        "rows": rows,
    }


ROW_LABEL_SPACE = 14
ROW_BAR_HEIGHT = 12
ROW_GAP = 8
ROW_VALUE_SPACE = 40


def row_chart(title, rows: list[Row], maximum: float | None = None) -> dict:
    """A horizontal bar chart, one row per item: its whole label on a line, the bar under it, the value at the
    bar's end. The viewBox grows with the rows, so no label is cut short."""
    top = maximum or max([row.value for row in rows] + [1])
    step = ROW_LABEL_SPACE + ROW_BAR_HEIGHT + ROW_GAP
    plot_width = CHART_WIDTH - ROW_VALUE_SPACE
    bars = []
    for index, row in enumerate(rows):
        width = plot_width * (row.value / top) if top else 0
        y = index * step + ROW_LABEL_SPACE
        bars.append(
            {
                "x": 0,
                "y": y,
                "width": round(width, 1),
                "height": ROW_BAR_HEIGHT,
                "label_y": y - 3,
                "value_x": round(width + 4, 1),
                "value_y": y + ROW_BAR_HEIGHT - 2,
                "row": row,
            }
        )
    return {
        "title": title,
        "summary": "; ".join(f"{row.label}: {_number(row.value)}" for row in rows),
        "bars": bars,
        "horizontal": True,
        "width": CHART_WIDTH,
        "height": max(len(rows), 1) * step,
        "rows": rows,
    }


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
