"""Reads worth naming."""

from datetime import timedelta

from django.db.models import F, Prefetch
from django.utils import timezone

from sites.models import Mission, Site

from .models import Shift


def sites_with_missions():
    return Site.objects.prefetch_related(Prefetch("missions", queryset=Mission.objects.order_by("position", "name")))


def upcoming_gaps(*, days: int = 3, limit: int = 12):
    """The soonest shifts that still need people, across all sites."""
    now = timezone.now()
    return (
        Shift.objects.filter(
            is_cancelled=False,
            starts_at__gt=now,
            starts_at__lt=now + timedelta(days=days),
            confirmed_count__lt=F("capacity"),
        )
        .select_related("mission__site")
        .order_by("starts_at", "pk")[:limit]
    )
