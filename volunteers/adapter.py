from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services


class VolunteerAccountAdapter(DefaultAccountAdapter):
    """allauth, configured: a new account is stored once, complete, through volunteers.services."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        if not commit:
            return user
        profile = form.profile_data() if hasattr(form, "profile_data") else {}
        try:
            return services.register(volunteer=user, profile=profile)
        except ValidationError:
            # The form checked the same rules, so this is a race (the same form sent twice at once)
            # or data changed in between. Nothing was stored: ask to try again, without saying which
            # rule, so the page never reveals whether an address has an account.
            messages.error(request, _("We could not create your account. Please check your details and try again."))
            raise ImmediateHttpResponse(redirect("account_signup")) from None

    def get_login_redirect_url(self, request):
        """Coordinators land on their roster's today (one site) or the list of their rosters; others on home."""
        sites = list(request.user.coordinated_sites.only("slug", "timezone")[:2])
        if len(sites) == 1:
            site = sites[0]
            today = timezone.localtime(timezone.now(), site.tz).date()
            return reverse("roster:day", args=[site.slug, today.isoformat()])
        if sites:
            return reverse("roster:index")
        return super().get_login_redirect_url(request)
