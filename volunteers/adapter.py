from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outbox.emails import record_email

from . import charter, services
from .confirm_email import with_next
from .models import Volunteer


@dataclass(frozen=True)
class Organisation:
    """What allauth's templates call `current_site`: the organisation, not the host the request came to
    (without django.contrib.sites allauth would say "Hello from 127.0.0.1:8000!")."""

    name: str
    domain: str

    @classmethod
    def current(cls) -> "Organisation":
        return cls(name=settings.UTOPIA_ORGANISATION_NAME, domain=urlsplit(settings.SITE_URL).netloc)


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

    def send_mail(self, template_prefix, email, context):
        """Account emails (confirmation, password reset...) are ours: our words (templates/account/email/),
        the organisation's name, and the language the person chose for our messages.

        They go through the outbox like every other message: rendered now, sent once the request's transaction
        commits, and by the sweep if the mail server is down, so a login never fails on a mail server."""
        organisation = Organisation.current()
        context = {
            "request": allauth_context.request,
            "email": email,
            **context,
            "current_site": organisation,
            "organisation": organisation.name,
            "site_url": settings.SITE_URL,
        }
        with translation.override(self._language_for(email, context.get("user"))):
            record_email(self.render_mail(template_prefix, email, context))

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The link in the confirmation email brings the person back to the page they signed up from, in
        whichever browser opens it (volunteers/confirm_email.py)."""
        return with_next(super().get_email_confirmation_url(request, emailconfirmation), request)

    def format_email_subject(self, subject):
        organisation = settings.UTOPIA_ORGANISATION_NAME
        return subject if organisation in subject else f"{organisation}: {subject}"

    @staticmethod
    def _language_for(email, user) -> str | None:
        if user is None or not getattr(user, "pk", None):
            user = Volunteer.objects.filter(email__iexact=email).only("preferred_language").first()
        # Nobody known at this address: the language of the page the request came from.
        return getattr(user, "preferred_language", None) or translation.get_language()

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
