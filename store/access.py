"""Who may record stock at a site: its coordinators and admins (volunteers.access decides who they are), and a
volunteer confirmed on one of the site's store shifts (`Mission.is_store`) from its start to its end."""

from django.utils import timezone

from shifts.models import Shift, Signup
from volunteers.access import coordinates


def store_shift_now(user, site, *, now=None) -> Shift | None:
    """The store shift at `site` that `user` is confirmed on right now, if any."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    now = now or timezone.now()
    return (
        Shift.objects.filter(
            mission__site=site,
            mission__is_store=True,
            is_cancelled=False,
            starts_at__lte=now,
            ends_at__gt=now,
            signups__volunteer=user,
            signups__status=Signup.Status.CONFIRMED,
        )
        .order_by("starts_at")
        .first()
    )


def may_act(user, site, *, now=None) -> bool:
    """Whether `user` may record stock at `site` now."""
    return coordinates(user, site) or store_shift_now(user, site, now=now) is not None


def may_manage(user, site) -> bool:
    """Targets, partners' delivery notes, the monthly report: the site's coordinators and admins only."""
    return coordinates(user, site)
