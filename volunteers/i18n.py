"""The language a person reads utopia in (the device's cookie) and the language of their emails (the profile).

The two are kept apart on purpose: someone who switches a borrowed phone to French has not asked for French
emails.
- The switch in the header posts to `set_language`: Django's view sets the cookie and the page follows. When
  logged in, the profile (the language of their emails) is left as it is, and a message says where to change it.
- Logging in keeps the language of the page the person logged in from.
- A logged-in volunteer on a device without the cookie gets the profile's language.
- A newcomer who signs up keeps the language they were reading the site in, for their emails too.

The signal receivers live here, next to the middleware that turns them into a cookie; the
middleware setting imports this module, so they are connected whenever a request can use them.
"""

from allauth.account.signals import user_signed_up
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from django.views.i18n import set_language as django_set_language

# Whole sentences, so each language names the other as it would in running text.
EMAILS_STAY_IN = {"en": gettext_lazy("Your emails stay in English."), "fr": gettext_lazy("Your emails stay in French.")}

# The attribute a login leaves on the request for the middleware to turn into a cookie.
_PENDING = "_utopia_profile_language"


def supported_language(code: str | None) -> str | None:
    """The code if utopia ships that language, else None."""
    if code and code in dict(settings.LANGUAGES):
        return code
    return None


def remember_language(*, volunteer, language: str) -> None:
    if volunteer.preferred_language != language:
        volunteer.preferred_language = language
        volunteer.save(update_fields=["preferred_language"])


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie, safe redirect to `next`). The emails' language is the profile's: when it
    differs, the person is told where to change it rather than having it changed behind their back."""
    response = django_set_language(request)
    language = supported_language(request.POST.get("language")) if request.method == "POST" else None
    if language and request.user.is_authenticated and request.user.preferred_language != language:
        with translation.override(language):
            messages.info(
                request,
                format_html(
                    '{} <a href="{}#id_preferred_language">{}</a>',
                    str(EMAILS_STAY_IN.get(request.user.preferred_language, "")),
                    reverse("volunteers:me"),
                    translation.gettext("Change the language of your emails"),
                ),
            )
    return response


def _activate(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """The same cookie, with the same settings, as django.views.i18n.set_language. A profile page that
    changes preferred_language calls this on its response so the device follows at once."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@receiver(user_signed_up, dispatch_uid="utopia_language_on_signup")
def _keep_language_on_signup(sender, request, user, **kwargs):
    # The profile defaults to English; someone who registered reading French meant French. A language
    # the signup form set explicitly (anything but the default) is left alone.
    current = supported_language(translation.get_language())
    default = user._meta.get_field("preferred_language").default
    if current and user.preferred_language == default and current != default:
        remember_language(volunteer=user, language=current)


@receiver(user_logged_in, dispatch_uid="utopia_language_on_login")
def _keep_page_language_on_login(sender, request, user, **kwargs):
    # Someone who logged in from a French page goes on in French, whatever their profile says: the cookie set
    # on the login's redirect keeps the language they were reading.
    language = supported_language(translation.get_language())
    if request is not None and language is not None:
        setattr(request, _PENDING, language)


class ProfileLanguageMiddleware:
    """After AuthenticationMiddleware: applies the profile's language at login and on new devices."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = None
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                language = supported_language(user.preferred_language)
                if language:
                    _activate(request, language)
        response = self.get_response(request)
        language = getattr(request, _PENDING, None) or language
        # A response that sets the cookie itself (the switch) has the last word.
        if language and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            set_language_cookie(response, language)
        return response
