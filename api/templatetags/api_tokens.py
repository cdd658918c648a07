from django import template

from api import services
from api.models import ApiToken

register = template.Library()


@register.inclusion_tag("api/partials/me_tokens.html", takes_context=True)
def my_api_tokens(context):
    """The /me/ page's panel of API tokens, for coordinators (and anyone who still holds one)."""
    user = context["request"].user
    tokens = list(ApiToken.objects.filter(volunteer=user, revoked_at__isnull=True).order_by("-created_at", "-pk"))
    return {
        "tokens": tokens,
        "may_create": services.may_hold_token(user),
        "max_tokens": services.MAX_ACTIVE_TOKENS,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
