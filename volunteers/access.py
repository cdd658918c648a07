"""Who is an admin and who coordinates what: one meaning, asked by every page, the API and the services.

The floor of the house: it reads the person and their `coordinated_sites` relation, nothing above.
"""


def is_admin(user) -> bool:
    """An admin sees and acts for every site: an active superuser."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


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
