"""Who may open a person's page: it depends on where the person signed up, so it lives here, above the
person (volunteers/) and the sites, and every page that shows a person asks it."""

from shifts.models import Signup
from volunteers.access import may_view_everyone
from volunteers.models import CheckRequest


def sites_visible_to(viewer):
    """The sites whose volunteers `viewer` may see, or None for all (admins and readers of everyone)."""
    if may_view_everyone(viewer):
        return None
    return viewer.coordinated_sites.all()


def can_view_volunteer(*, viewer, volunteer) -> bool:
    """Admins see everyone; a coordinator sees those who signed up themselves or came at one of their sites
    (Signup.objects.opening_contact): booking someone found by search does not open their profile; and those
    who asked for a check at one of their sites."""
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    if may_view_everyone(viewer):
        return True
    return (
        Signup.objects.opening_contact().filter(volunteer=volunteer, shift__mission__site__coordinators=viewer).exists()
        or CheckRequest.objects.filter(volunteer=volunteer, site__coordinators=viewer).exists()
    )
