"""Who may open a person's page: it depends on where the person signed up, so it lives here, above the
person (volunteers/) and the sites, and every page that shows a person asks it."""

from shifts import contact
from volunteers.access import may_view_everyone


def sites_visible_to(viewer):
    """The sites whose volunteers `viewer` may see, or None for all (admins and readers of everyone)."""
    if may_view_everyone(viewer):
        return None
    return viewer.coordinated_sites.all()


def can_view_volunteer(*, viewer, volunteer) -> bool:
    """Admins and readers of everyone see everyone; a coordinator sees those whose details are open at one of
    their sites (shifts.contact: signed up themselves, came, or asked for a check there). Booking someone found by
    search opens nothing."""
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    if may_view_everyone(viewer):
        return True
    return contact.may_see_contact(viewer, volunteer)
