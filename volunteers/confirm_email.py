"""Confirming one's email address logs a newcomer in and brings them back to the shift they chose.

allauth logs in on confirmation only in the browser that signed up; a volunteer on a phone opens the link in
the mail app's browser and would land logged out, the shift forgotten. Here:
- the emailed link carries the page the person was on (`?next=`, checked to stay on this site), and
- confirming logs the person in when this is the first confirmation of a new account (never logged in yet).
The link works once: allauth finds only unverified addresses by its key, so once confirmed it answers 404.
A changed address on an existing account is confirmed as before, without logging anyone in.
"""

from urllib.parse import urlencode

from allauth.account.views import ConfirmEmailView
from django.conf import settings
from django.contrib.auth import login
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request) -> str:
    """The `next` page of a request (form field or query string) if it is a path on this site, else ''."""
    if request is None:
        return ""
    value = request.POST.get("next") or request.GET.get("next") or ""
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=False):
        return value
    return ""


def with_next(url: str, request) -> str:
    """`url` with the request's `next` page attached, for a link that will be opened elsewhere."""
    page = safe_next(request)
    return f"{url}?{urlencode({'next': page})}" if page else url


class ConfirmEmailAndLogIn(ConfirmEmailView):
    def respond(self, success):
        if success:
            self._log_in_newcomer()
        return super().respond(success)

    def _log_in_newcomer(self) -> None:
        email_address = self.object.email_address
        person = email_address.user
        if self.request.user.is_authenticated or not person.is_active or person.last_login is not None:
            return
        if email_address.verified and email_address.email.lower() == (person.email or "").lower():
            login(self.request, person, backend=settings.AUTHENTICATION_BACKENDS[0])


confirm_email = ConfirmEmailAndLogIn.as_view()
