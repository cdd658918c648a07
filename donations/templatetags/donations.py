from django import template

from donations import selectors

register = template.Library()


@register.simple_tag
def new_offer_count(site) -> int:
    """New donation offers waiting for the site's coordinators (the roster's navigation shows it)."""
    return selectors.new_offer_count(site)
