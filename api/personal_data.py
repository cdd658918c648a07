"""What the API holds about a person: their tokens (volunteers/personal_data.py says the convention)."""

from volunteers.models import Volunteer
from volunteers.personal_data import iso

from . import services
from .models import ApiToken

COVERED = {"api.ApiToken": "exported without the secret (name, hint, dates); revoked on erasure"}


def export(volunteer: Volunteer) -> dict:
    tokens = ApiToken.objects.filter(volunteer=volunteer).order_by("created_at", "pk")
    return {
        "api_tokens": [
            {
                "name": token.name,
                "starts_with": token.hint,
                "created_at": iso(token.created_at),
                "last_used_at": iso(token.last_used_at),
                "revoked_at": iso(token.revoked_at),
            }
            for token in tokens
        ]
    }


def erase(volunteer: Volunteer) -> None:
    services.revoke_all_tokens(volunteer=volunteer)
