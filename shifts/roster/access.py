"""Who may see what on the roster: the sites a user coordinates, and getters that answer 403 or 404
before a view reads anything else.

A coordinator of one site never reaches another site's shift or sign-up by its id: every getter here is
scoped by the site the URL names, and the site is checked first.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from shifts import contact
from shifts.models import Shift, Signup
from sites.models import Site
from utopia.inputs import FIRST_DAY, LAST_DAY, InputRefused, in_window, parse_day  # noqa: F401 (re-exported)
from volunteers.access import is_admin


def coordinated_sites(user):
    if is_admin(user):
        return Site.objects.all()
    return user.coordinated_sites.all()


def get_roster_or_403(request, site_slug: str) -> Site:
    """The site, if the user coordinates it (or is an admin); 403 otherwise. One query: the site and whether
    the user is among its coordinators."""
    user = request.user
    mine = Site.coordinators.through.objects.filter(site_id=OuterRef("pk"), volunteer_id=user.pk)
    site = get_object_or_404(Site.objects.annotate(coordinated_by_user=Exists(mine)), slug=site_slug)
    if not (is_admin(user) or site.coordinated_by_user):
        raise PermissionDenied
    if site.coordinated_by_user:
        contact.remember_coordinates(user, site)
    return site


def site_shift(site: Site, pk: int) -> Shift:
    return get_object_or_404(Shift.objects.select_related("mission__site"), pk=pk, mission__site=site)


def site_signup(site: Site, pk: int) -> Signup:
    return get_object_or_404(
        Signup.objects.select_related("shift__mission__site", "volunteer"), pk=pk, shift__mission__site=site
    )


in_bounds = in_window


def roster_day(value: str) -> date:
    """The day a roster URL names, or 404 (not a date, or outside utopia.inputs' window)."""
    try:
        return parse_day(value)
    except InputRefused as error:
        raise Http404(_("Not a date.")) from error
