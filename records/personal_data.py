"""What the records app holds about a person: their certificates (volunteers/personal_data.py says the
convention). Their record itself is read from their sign-ups (shifts)."""

from volunteers.models import Volunteer
from volunteers.personal_data import iso, name_of

from . import services
from .models import Certificate

COVERED = {
    "records.Certificate": "exported as issued (never the verification secret); revoked and its name "
    "forgotten on erasure",
}


def export(volunteer: Volunteer) -> dict:
    certificates = Certificate.objects.filter(volunteer=volunteer).select_related("issued_by", "revoked_by")
    return {
        "certificates": [
            {
                "id": certificate.pk,
                "language": certificate.language,
                "issued_at": iso(certificate.issued_at),
                "issued_by": name_of(certificate.issued_by, volunteer),
                "full_name": certificate.full_name,
                "first_day": iso(certificate.first_day),
                "last_day": iso(certificate.last_day),
                "volunteer_days": certificate.volunteer_days,
                "minutes": certificate.minutes,
                "revoked_at": iso(certificate.revoked_at),
                "revoked_by": name_of(certificate.revoked_by, volunteer),
            }
            for certificate in certificates.order_by("issued_at", "pk")
        ]
    }


def erase(volunteer: Volunteer) -> None:
    services.revoke_on_erasure(volunteer=volunteer)
