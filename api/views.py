"""The read-only API, version 1. Public endpoints know nobody and are cached by HTTP headers only (ETag and
Cache-Control, answered with 304 when nothing changed); the roster endpoint needs a coordinator's token."""

import hashlib
from collections import defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Sum
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions, generics, pagination, permissions, throttling
from rest_framework.response import Response
from rest_framework.views import APIView

from shifts import contact
from shifts.models import Shift, Signup
from sites.models import Mission, Site
from store import selectors as store_selectors
from utopia import inputs
from volunteers.access import coordinates, is_admin

from .authentication import ApiTokenAuthentication
from .serializers import (
    NeedsSerializer,
    RosterSerializer,
    ShiftFilterSerializer,
    ShiftSerializer,
    SiteSerializer,
    StockSerializer,
)

NEEDS_DAYS = 14


class PublicCached:
    """Same answer for everyone: an ETag over the body, a short public max-age, and 304 when it still matches."""

    max_age = 60
    cache_public = True  # utopia.middleware leaves these headers alone, for a logged-in person too

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            patch_cache_control(response, public=True, max_age=self.max_age)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response


class ShiftPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


@extend_schema(tags=["public"], summary="Where each endpoint is", responses=OpenApiTypes.OBJECT)
class Index(PublicCached, APIView):
    """/api/v1/: where each endpoint is, so a client (or a person) who starts here finds the way."""

    max_age = 3600

    def get(self, request):
        def link(name, *args):
            return request.build_absolute_uri(reverse(f"api:{name}", args=args))

        return Response(
            {
                "sites": link("sites"),
                "needs": link("needs"),
                "shifts": link("shifts"),
                "roster": link("roster", "SITE-SLUG", "YYYY-MM-DD").replace("SITE-SLUG/YYYY-MM-DD", "{site}/{day}"),
                "stock": link("stock", "SITE-SLUG").replace("SITE-SLUG", "{site}"),
                "schema": link("schema"),
                "docs": link("docs"),
                "tokens": "Roster and stock answer a coordinator's token: Authorization: Bearer <token> (from /me/).",
            }
        )


@extend_schema(tags=["public"], summary="The sites and their missions")
class SiteList(PublicCached, generics.ListAPIView):
    """Every site with its time zone, address and missions (names in English and French)."""

    serializer_class = SiteSerializer
    pagination_class = None
    max_age = 300

    def get_queryset(self):
        return Site.objects.prefetch_related(
            Prefetch("missions", queryset=Mission.objects.order_by("position", "name"))
        ).order_by("position", "name")


@extend_schema(tags=["public"], summary="People missing per site and day, for the next 14 days")
class NeedList(PublicCached, APIView):
    """For each site and each of the next 14 days (in the site's time zone): the shifts still to start, the people
    they need, the people booked and the people missing. Cancelled shifts are left out. `goods`: the donated goods
    each site is short of, as on the donate page."""

    @extend_schema(responses=NeedsSerializer)
    def get(self, request):
        now = timezone.now()
        sites = list(Site.objects.order_by("position", "name"))
        zones = defaultdict(list)
        for site in sites:
            zones[site.timezone].append(site)
        counts = {}
        first_day = None
        # One query per time zone (in practice one: every site is in France), however many shifts.
        for zone_name, zone_sites in zones.items():
            zone = ZoneInfo(zone_name)
            today = timezone.localtime(now, zone).date()
            first_day = first_day or today
            until = datetime.combine(today + timedelta(days=NEEDS_DAYS), time.min, tzinfo=zone)
            rows = (
                Shift.objects.filter(
                    mission__site__in=zone_sites, is_cancelled=False, starts_at__gt=now, starts_at__lt=until
                )
                .annotate(day=TruncDate("starts_at", tzinfo=zone))
                .values("mission__site_id", "day")
                .annotate(shifts=Count("pk"), seats=Sum("capacity"), confirmed=Sum("confirmed_count"))
                .order_by()
            )
            for row in rows:
                counts[(row["mission__site_id"], row["day"])] = row
        results = []
        for site in sites:
            today = timezone.localtime(now, site.tz).date()
            for offset in range(NEEDS_DAYS):
                day = today + timedelta(days=offset)
                row = counts.get((site.pk, day), {"shifts": 0, "seats": 0, "confirmed": 0})
                results.append(
                    {
                        "site": site.slug,
                        "date": day,
                        "shifts": row["shifts"],
                        "seats": row["seats"],
                        "confirmed": row["confirmed"],
                        "missing": row["seats"] - row["confirmed"],
                    }
                )
        first_day = first_day or timezone.localdate(now)
        data = {
            "date_from": first_day,
            "date_to": first_day + timedelta(days=NEEDS_DAYS - 1),
            "results": results,
            "goods": store_selectors.donor_asks_rows(sites),
        }
        return Response(NeedsSerializer(data).data)


@extend_schema(
    tags=["public"],
    summary="Shifts, with seats free (no names)",
    parameters=[ShiftFilterSerializer],
    responses={200: ShiftSerializer(many=True), 400: OpenApiResponse(description="A filter could not be read.")},
)
class ShiftList(PublicCached, generics.ListAPIView):
    """Shifts that are not cancelled, by start time, with their seats free; never who is on them. Without
    `date_from`, only shifts not yet started. Days are read in the site's time zone (France's without `site`)."""

    serializer_class = ShiftSerializer
    pagination_class = ShiftPagination

    def get_queryset(self):
        filters = ShiftFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        site = filters.validated_data.get("site")
        mission = filters.validated_data.get("mission")
        date_from = filters.validated_data.get("date_from")
        date_to = filters.validated_data.get("date_to")
        zone = site.tz if site else ZoneInfo(settings.TIME_ZONE)
        shifts = Shift.objects.filter(is_cancelled=False).select_related("mission__site")
        if site:
            shifts = shifts.filter(mission__site=site)
        if mission:
            shifts = shifts.filter(mission__slug=mission)
        if date_from:
            shifts = shifts.filter(starts_at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
        else:
            shifts = shifts.filter(starts_at__gt=timezone.now())
        if date_to:
            shifts = shifts.filter(starts_at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone))
        return shifts.order_by("starts_at", "mission__site__position", "mission__position", "pk")


class TokenOwnerThrottle(throttling.SimpleRateThrottle):
    """Per person, whichever of their tokens they use."""

    scope = "api_token"

    def get_cache_key(self, request, view):
        if request.user is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class CoordinatesSite(permissions.BasePermission):
    message = _("This token's owner does not coordinate this site.")

    def has_permission(self, request, view):
        return request.user is not None


def _parse_day(value: str):
    try:
        return inputs.parse_day(value)
    except inputs.InputRefused:
        raise exceptions.NotFound(_("Give the day as YYYY-MM-DD, between 2000 and 2100.")) from None


@extend_schema(
    tags=["coordinators"],
    summary="A site's day: shifts and who is on them (first names and phones)",
    parameters=[
        OpenApiParameter("site_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The site's slug."),
        OpenApiParameter("day", OpenApiTypes.DATE, OpenApiParameter.PATH, description="YYYY-MM-DD."),
    ],
    responses={
        200: RosterSerializer,
        401: OpenApiResponse(description="No token, or an unknown or revoked one."),
        403: OpenApiResponse(description="The token's owner does not coordinate this site."),
        404: OpenApiResponse(description="No such site, or the day is not YYYY-MM-DD."),
        429: OpenApiResponse(description="Too many requests: wait for the time in Retry-After."),
    },
)
class RosterDay(APIView):
    """A day of a site the token's owner coordinates: its shifts and the people booked or waiting, with first
    names and phone numbers. Another site answers 403. Rate-limited per person; each use stamps the token."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [CoordinatesSite]
    throttle_classes = [TokenOwnerThrottle]

    def get(self, request, site_slug: str, day: str):
        day = _parse_day(day)
        user = request.user
        mine = Site.coordinators.through.objects.filter(site_id=OuterRef("pk"), volunteer_id=user.pk)
        site = get_object_or_404(Site.objects.annotate(coordinated=Exists(mine)), slug=site_slug)
        if not (site.coordinated or is_admin(user)):
            raise exceptions.PermissionDenied(CoordinatesSite.message)
        people = Signup.objects.active().select_related("volunteer").order_by("status", "created_at", "pk")
        shifts = list(
            Shift.objects.on_local_day(site, day)
            .filter(is_cancelled=False)
            .select_related("mission__site")
            .prefetch_related(Prefetch("signups", queryset=people, to_attr="active_signups"))
            .order_by("starts_at", "mission__position", "pk")
        )
        # Phones as on the web roster: only those shifts.contact lets this token's owner see.
        shown = contact.visible_ids(
            user, site=site, volunteer_ids={s.volunteer_id for shift in shifts for s in shift.active_signups}
        )
        data = RosterSerializer(
            {"site": site.slug, "date": day, "shifts": shifts}, context={"contact_shown": shown}
        ).data
        response = Response(data)
        # Names and phones: never kept by a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response


@extend_schema(
    tags=["coordinators"],
    summary="A site's store: what is on hand per product, in storage and in the shop",
    parameters=[OpenApiParameter("site_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The site's slug.")],
    responses={
        200: StockSerializer,
        401: OpenApiResponse(description="No token, or an unknown or revoked one."),
        403: OpenApiResponse(description="The token's owner does not coordinate this site."),
        404: OpenApiResponse(description="No such site."),
        429: OpenApiResponse(description="Too many requests: wait for the time in Retry-After."),
    },
)
class StockView(APIView):
    """The stock of a site the token's owner coordinates: each product held or wanted, with its counts in storage
    and in the shop and the site's target. Another site answers 403."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [CoordinatesSite]
    throttle_classes = [TokenOwnerThrottle]

    def get(self, request, site_slug: str):
        site = get_object_or_404(Site, slug=site_slug)
        if not coordinates(request.user, site):
            raise exceptions.PermissionDenied(CoordinatesSite.message)
        lines = [line for group in store_selectors.stock_by_category(site) for line in group.lines]
        response = Response(StockSerializer({"site": site.slug, "products": lines}).data)
        response["Cache-Control"] = "private, no-store"
        return response


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar package's static files; its start-up script is a file too (strict CSP)."""

    template_name = "api/swagger_ui.html"
