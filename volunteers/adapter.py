from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import charter, services


class VolunteerAccountAdapter(DefaultAccountAdapter):
    """allauth, configured: a new account is stored once, complete, through volunteers.services."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        if not commit:
            return user
        profile = form.profile_data() if hasattr(form, "profile_data") else {}
        try:
            # One transaction: an account is never stored without the charter it was created with.
            with transaction.atomic():
                user = services.register(volunteer=user, profile=profile)
                accepted = getattr(form, "accepted_charter", None)
                if accepted is not None:
                    charter.accept_charter(volunteer=user, charter=accepted)
                return user
        except ValidationError:
            # The form checked the same rules, so this is a race (the same form sent twice at once)
            # or data changed in between. Nothing was stored: ask to try again, without saying which
            # rule, so the page never reveals whether an address has an account.
            messages.error(request, _("We could not create your account. Please check your details and try again."))
            raise ImmediateHttpResponse(redirect("account_signup")) from None
