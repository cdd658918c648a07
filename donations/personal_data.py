"""What the donations app holds about a person (volunteers/personal_data.py says the convention): only the
records of which coordinator handled an offer or wrote to a donor. Donors hold no account: their offers and the
messages about them are deleted 90 days after the offer closed (donations.retention)."""

COVERED: dict[str, str] = {}
EXCLUDED = {
    "donations.DonationOffer": "handled_by names the coordinator who answered a donor for the organisation: their "
    "act, not data about them; an erased account keeps no name",
    "donations.OfferMessage": "sent_by: an email written for the organisation to a donor, the donor's "
    "correspondence; an erased account keeps no name",
}
