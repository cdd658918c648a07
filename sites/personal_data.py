"""What the sites app holds about a person: the sites they coordinate (volunteers/personal_data.py says the
convention)."""

from volunteers.models import Volunteer

COVERED = {"sites.Site": "the sites a person coordinates are in their export's profile; erasure ends them"}


def erase(volunteer: Volunteer) -> None:
    volunteer.coordinated_sites.clear()
