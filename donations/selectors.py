"""Reads for the donations pages: what each site needs now and which collection points are open.

A collection point is open only while someone is there: its opening hours are the shifts of missions at
that point that have at least one confirmed volunteer. The pages read this afresh on every request, so a
cancellation that leaves a shift empty takes the point off the public page at once.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Value, When
from django.utils import timezone

from shifts.models import Shift
from sites.models import CollectionPoint, Site, arrondissement_label

from .models import DonationOffer, Need

OPEN_POINTS_DAYS = 7
URGENCY_ORDER = [Need.Urgency.URGENT, Need.Urgency.NEEDED, Need.Urgency.ENOUGH]


@dataclass
class Opening:
    starts_at: datetime  # in the site's time zone
    ends_at: datetime
    is_now: bool = False


@dataclass
class OpenPoint:
    point: CollectionPoint
    openings: list[Opening] = field(default_factory=list)


@dataclass
class Arrondissement:
    number: int
    points: list[OpenPoint] = field(default_factory=list)

    @property
    def label(self) -> str:
        return arrondissement_label(self.number)


@dataclass
class SiteDonations:
    site: Site
    needs: list[Need]
    has_points: bool
    arrondissements: list[Arrondissement] = field(default_factory=list)
    # Donated goods the site's store is short of (store.selectors.donor_asks), filled in by the pages.
    goods: list = field(default_factory=list)

    @property
    def open_points(self) -> list[OpenPoint]:
        return [open_point for group in self.arrondissements for open_point in group.points]

    def needs_of(self, urgency: str) -> list[Need]:
        return [need for need in self.needs if need.urgency == urgency]

    @property
    def urgent(self) -> list[Need]:
        return self.needs_of(Need.Urgency.URGENT)

    @property
    def needed(self) -> list[Need]:
        return self.needs_of(Need.Urgency.NEEDED)

    @property
    def enough(self) -> list[Need]:
        return self.needs_of(Need.Urgency.ENOUGH)


def needs_in_order():
    """Needs urgent first, then in the order the coordinators gave them."""
    rank = Case(
        *[When(urgency=urgency, then=Value(index)) for index, urgency in enumerate(URGENCY_ORDER)],
        output_field=IntegerField(),
    )
    return Need.objects.annotate(urgency_rank=rank).order_by("urgency_rank", "position", "pk")


def staffed_point_shifts(*, now: datetime, days: int = OPEN_POINTS_DAYS, arrondissement: int | None = None):
    """Shifts at active collection points with someone confirmed, from now to `days` ahead, one query."""
    shifts = Shift.objects.filter(
        is_cancelled=False,
        confirmed_count__gt=0,
        ends_at__gt=now,
        starts_at__lt=now + timedelta(days=days),
        mission__collection_point__is_active=True,
    )
    if arrondissement is not None:
        shifts = shifts.filter(mission__collection_point__arrondissement=arrondissement)
    return shifts.select_related("mission__collection_point").order_by(
        "mission__collection_point__arrondissement",
        "mission__collection_point__name",
        "mission__collection_point_id",
        "starts_at",
    )


def _open_points(shifts, tz_of_site: dict[int, object], now: datetime) -> dict[int, list[Arrondissement]]:
    """Group staffed shifts by site, arrondissement and point; shifts that touch or overlap become one opening."""
    by_site: dict[int, list[Arrondissement]] = {}
    current: OpenPoint | None = None
    for shift in shifts:
        point = shift.mission.collection_point
        tz = tz_of_site[point.site_id]
        groups = by_site.setdefault(point.site_id, [])
        if not groups or groups[-1].number != point.arrondissement:
            groups.append(Arrondissement(number=point.arrondissement))
        if current is None or current.point.pk != point.pk:
            current = OpenPoint(point=point)
            groups[-1].points.append(current)
        starts_at, ends_at = timezone.localtime(shift.starts_at, tz), timezone.localtime(shift.ends_at, tz)
        last = current.openings[-1] if current.openings else None
        if last is not None and starts_at <= last.ends_at:
            last.ends_at = max(last.ends_at, ends_at)
        else:
            last = Opening(starts_at=starts_at, ends_at=ends_at)
            current.openings.append(last)
        last.is_now = last.starts_at <= now < last.ends_at
    return by_site


def donations_by_site(*, now: datetime | None = None, arrondissement: int | None = None) -> list[SiteDonations]:
    """Every site with its needs (urgent first) and, where it has collection points, those open in the next
    7 days grouped by arrondissement. Three queries, whatever the number of points, shifts and needs."""
    now = now or timezone.now()
    active_points = CollectionPoint.objects.filter(site=OuterRef("pk"), is_active=True)
    sites = list(
        Site.objects.annotate(has_points=Exists(active_points)).prefetch_related(
            Prefetch("needs", queryset=needs_in_order(), to_attr="ordered_needs")
        )
    )
    open_points = _open_points(
        staffed_point_shifts(now=now, arrondissement=arrondissement), {site.pk: site.tz for site in sites}, now
    )
    return [
        SiteDonations(
            site=site,
            needs=site.ordered_needs,
            has_points=site.has_points,
            arrondissements=open_points.get(site.pk, []),
        )
        for site in sites
    ]


def new_offer_count(site: Site) -> int:
    return DonationOffer.objects.filter(site=site, status=DonationOffer.Status.NEW).count()


def offers_of(site: Site, *, status: str = ""):
    """A site's offers for the coordinators' list: those still open by default, "closed" ones, or one status."""
    offers = DonationOffer.objects.filter(site=site)
    if status == "closed":
        return offers.closed().order_by("-closed_at", "-pk")
    if status:
        return offers.filter(status=status).order_by("-created_at", "-pk")
    return offers.open().order_by("-created_at", "-pk")


@dataclass
class NextOpening:
    point: CollectionPoint
    opening: Opening


def next_open_point(site: Site, *, now: datetime | None = None) -> NextOpening | None:
    """The site's collection point that is open now or opens soonest in the next 7 days, with that opening.
    One query."""
    now = now or timezone.now()
    shifts = staffed_point_shifts(now=now).filter(mission__collection_point__site=site)
    by_site = _open_points(shifts, {site.pk: site.tz}, now)
    openings = [
        NextOpening(point=open_point.point, opening=opening)
        for group in by_site.get(site.pk, [])
        for open_point in group.points
        for opening in open_point.openings[:1]
    ]
    return min(openings, key=lambda each: each.opening.starts_at, default=None)
