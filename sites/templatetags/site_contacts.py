from django import template
from django.db.models import Q

from sites.models import Site

register = template.Library()


@register.simple_tag
def site_contacts():
    """Each site's coordinators' email and phone, for pages where a person is stuck before they have a site
    (the verify-email page). One query."""
    return list(
        Site.objects.filter(~Q(contact_email="") | ~Q(contact_phone=""))
        .order_by("position", "name")
        .values("name", "contact_email", "contact_phone")
    )
