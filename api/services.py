"""Creating, using and revoking coordinators' API tokens."""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteers.access import is_coordinator

from .models import ApiToken, hash_token, new_token

logger = logging.getLogger(__name__)

MAX_ACTIVE_TOKENS = 10


class TokenRefused(ValidationError):
    pass


@dataclass
class Created:
    api_token: ApiToken
    token: str  # the only time it exists in clear


def may_hold_token(volunteer) -> bool:
    """Tokens read a site's day roster: only for its coordinators (and admins)."""
    return not volunteer.anonymised_at and is_coordinator(volunteer)


@transaction.atomic
def create_token(*, volunteer, name: str) -> Created:
    name = (name or "").strip()
    if not may_hold_token(volunteer):
        raise TokenRefused(_("Only coordinators can create API tokens."), code="not_coordinator")
    if not name:
        raise TokenRefused(_("Give the token a name, for example the tool that will use it."), code="name")
    active = ApiToken.objects.select_for_update().filter(volunteer=volunteer, revoked_at__isnull=True)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise TokenRefused(
            _("You already have %(count)d tokens: revoke one first.") % {"count": MAX_ACTIVE_TOKENS}, code="too_many"
        )
    token = new_token()
    api_token = ApiToken(volunteer=volunteer, name=name, token_hash=hash_token(token), hint=token[:11])
    api_token.full_clean()
    api_token.save()
    logger.info("api token %s created by volunteer %s", api_token.pk, volunteer.pk)
    return Created(api_token=api_token, token=token)


@transaction.atomic
def revoke_token(*, api_token: ApiToken, by) -> ApiToken:
    ApiToken.objects.filter(pk=api_token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    api_token.refresh_from_db()
    logger.info("api token %s revoked by %s", api_token.pk, getattr(by, "pk", None))
    return api_token


def revoke_all_tokens(*, volunteer) -> None:
    ApiToken.objects.filter(volunteer=volunteer, revoked_at__isnull=True).update(revoked_at=timezone.now())


def authenticate(token: str) -> ApiToken | None:
    """The live token behind `token`, with its owner loaded, its use recorded. None if unknown or revoked."""
    api_token = (
        ApiToken.objects.select_related("volunteer")
        .filter(
            token_hash=hash_token(token),
            revoked_at__isnull=True,
            volunteer__is_active=True,
            volunteer__anonymised_at__isnull=True,
        )
        .first()
    )
    if api_token is None:
        return None
    # An UPDATE of one column, not save(): two requests at once never overwrite each other's other fields.
    api_token.last_used_at = timezone.now()
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=api_token.last_used_at)
    return api_token
