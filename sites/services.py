"""Writes with a rule about sites: closures (donations have their own app, donations/).

The roster and admin call these. Each is atomic and validates with full_clean(); database constraints are
the backstop.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Closure, Mission, Site

# Closures are planned ahead and may be recorded a little after the fact, never in another era.
CLOSURE_PAST = timedelta(days=365)
CLOSURE_AHEAD = timedelta(days=2 * 365)
CLOSURE_OUT_OF_RANGE = gettext_lazy("A closure must fall between a year ago and two years ahead.")


def check_closure_day(day: date) -> None:
    today = timezone.localdate()
    if not today - CLOSURE_PAST <= day <= today + CLOSURE_AHEAD:
        raise ValidationError(CLOSURE_OUT_OF_RANGE, code="closure_out_of_range")


@transaction.atomic
def close_day(*, site: Site, day: date, mission: Mission | None = None, reason: str = "", by=None) -> Closure:
    """Record that `site` (or one of its missions) does not run on `day`: no shift is generated for it."""
    check_closure_day(day)
    if mission is not None and mission.site_id != site.pk:
        raise ValidationError(_("This mission belongs to another site."), code="other_site")
    closure = Closure(site=site, mission=mission, date=day, reason=(reason or "").strip())
    try:
        # The model's two partial unique constraints refuse a second closure of the same day.
        closure.full_clean()
    except ValidationError as error:
        if "__all__" in error.message_dict or "date" in error.message_dict:
            raise ValidationError(_("This day is already closed."), code="already_closed") from error
        raise
    closure.save()
    return closure
