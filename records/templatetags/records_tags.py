from django import template

from records.models import Certificate

register = template.Library()

LISTED = 20


@register.inclusion_tag("records/partials/me_certificates.html", takes_context=True)
def my_certificates(context):
    """The /me/ page's panel: a link to the record, and the certificates issued, each revocable."""
    user = context["request"].user
    certificates = list(Certificate.objects.filter(volunteer=user).order_by("-issued_at", "-pk")[: LISTED + 1])
    return {
        "certificates": certificates[:LISTED],
        "more": len(certificates) > LISTED,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
