"""What the sites app holds about a person: the sites they coordinate, and the donation desk's records of who
handled an offer (volunteers/personal_data.py says the convention). The donation models move to their own app:
their entries move with them."""

from volunteers.models import Volunteer

COVERED = {"sites.Site": "the sites a person coordinates are in their export's profile; erasure ends them"}
EXCLUDED = {
    "sites.DonationOffer": "handled_by names the coordinator who answered a donor for the organisation: their "
    "act, not data about them; an erased account keeps no name. Donors hold no account: their offers are "
    "cleared by sites.tasks' retention",
    "sites.OfferMessage": "sent_by: an email written for the organisation to a donor, the donor's correspondence; "
    "an erased account keeps no name",
}


def erase(volunteer: Volunteer) -> None:
    volunteer.coordinated_sites.clear()
