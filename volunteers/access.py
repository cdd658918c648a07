"""Who is an admin and who coordinates what: one meaning, asked by every page, the API and the services.

One meaning of admin, and two narrower rights beside it, given to staff through Django's permissions:
- an admin (`is_admin`) acts for every site: rosters, bookings, tokens, certificates. An active superuser.
- a reader of every person (`may_view_everyone`): an admin, or staff with the "view volunteer" permission.
  They open any person's page, read-only; they write no roster and hold no token.
- a checker of everyone (`may_check_everyone`): an admin, or staff with the "add qualification grant"
  permission: they record anyone's checked qualifications, and nothing more.

The floor of the house: it reads the person and their `coordinated_sites` relation, nothing above.
"""


def is_admin(user) -> bool:
    """An admin sees and acts for every site: an active superuser."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def may_view_everyone(user) -> bool:
    """May `user` open every person's page (read-only)? Admins, and staff with the view permission."""
    if is_admin(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.has_perm("volunteers.view_volunteer")
    )


def may_check_everyone(user) -> bool:
    """May `user` record anyone's checked qualifications (as coordinators do for people of their sites)?
    Admins, and staff with Django's "add qualification grant" permission (they work in Django's admin)."""
    if is_admin(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.has_perm("volunteers.add_qualificationgrant")
    )


def coordinated_site_ids(user) -> frozenset[int] | None:
    """The ids of the sites `user` coordinates; None means every site (admins); empty for anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if is_admin(user):
        return None
    return frozenset(user.coordinated_sites.values_list("pk", flat=True))


def coordinates(user, site) -> bool:
    """Whether `user` coordinates `site` (a Site or its id), admins included."""
    ids = coordinated_site_ids(user)
    return ids is None or (getattr(site, "pk", site) in ids)


def is_coordinator(user) -> bool:
    """Whether `user` coordinates at least one site, admins included."""
    ids = coordinated_site_ids(user)
    return ids is None or bool(ids)


def admins():
    """The people `is_admin` says yes to, as a query (the organisation's admins, e.g. for an alert that must reach
    them)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, is_superuser=True)
