"""Finding the store from a volunteer's own pages: a link while they are on a store shift (store.access).

Loaded by the shift's page and /me/shifts/ (templates), so shifts never imports the store."""

from dataclasses import dataclass

from django import template
from django.urls import reverse

from store.access import store_shift_now

register = template.Library()


@dataclass(frozen=True)
class StoreLink:
    site_name: str
    url: str


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def store_url_now(context, site) -> str:
    """`/store/<site>/` while the person is confirmed on one of `site`'s store shifts running now, else ""."""
    if store_shift_now(_user(context), site) is None:
        return ""
    return reverse("store:home", args=[site.slug])


@register.simple_tag(takes_context=True)
def store_links_now(context, rows) -> list[StoreLink]:
    """The stores the person may record stock at now, among the sites of their store sign-ups in `rows` (rows of
    shifts.selectors.my_signup_rows): one query per such site, none when no row is a store shift."""
    user = _user(context)
    sites = {row.site_id: row for row in rows if row.is_store and row.status == "confirmed"}
    return [
        StoreLink(site_name=row.site_name, url=reverse("store:home", args=[row.site_slug]))
        for site_id, row in sites.items()
        if store_shift_now(user, site_id) is not None
    ]
