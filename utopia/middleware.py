"""Middleware of our own: private by default (at the end), and the database outage page.

When PostgreSQL is unreachable, answer a friendly 503 instead of a 500, and recover by itself.

A view that hits a dead database raises OperationalError (cannot connect) or InterfaceError (the
connection went away). The page says so with a Retry-After, is rendered without touching the database
(no session, no user), and the broken connection is dropped so the next request connects afresh.
Errors raised by other middleware (a session saved on the way out) reach `server_error` below, which
Django calls as the 500 handler while the exception is still being handled.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response() -> HttpResponse:
    # No request in the context: no context processor reads the session or the user.
    body = loader.render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _drop_broken_connections() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DATABASE_ERRORS:
            pass


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error("database unavailable on %s: %s", request.path, type(exception).__name__)
            _drop_broken_connections()
            return database_unavailable_response()
        return None


def server_error(request, template_name="500.html"):
    """handler500: the 503 page when the error was the database going away, Django's 500 otherwise."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        _drop_broken_connections()
        return database_unavailable_response()
    try:
        return django_server_error(request, template_name=template_name)
    except DATABASE_ERRORS:
        return HttpResponseServerError(b"<h1>Server Error (500)</h1>", content_type="text/html")


# --- Private by default -------------------------------------------------------------------------------------


def public(view):
    """Mark a view whose response is the same for everyone who may see it, or that sets its own caching (an
    ETag, a public max-age): PrivateByDefaultMiddleware leaves its headers alone. A class-based view says
    `cache_public = True` instead."""
    view.cache_public = True
    return view


def _is_public(view_func) -> bool:
    if getattr(view_func, "cache_public", False):
        return True
    # Django's class-based views carry their class as view_class, Django REST framework's as cls.
    view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
    return bool(getattr(view_class, "cache_public", False))


def _logged_in(request) -> bool:
    """Whether the response may be for a logged-in person, without a query (the database may be down): the
    user as the request loaded it, or, when nothing loaded it, a session cookie (it may hold a login)."""
    user = getattr(request, "_cached_user", None)
    if user is not None:
        return user.is_authenticated
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class PrivateByDefaultMiddleware:
    """Every response to a logged-in person is `Cache-Control: private, no-store` (with Django's never-cache
    headers), whatever the view forgot: a page with a person's data is never kept by a browser or a proxy.
    Views marked `public` keep the headers they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "cache_public", False) or not _logged_in(request):
            return response
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.cache_public = _is_public(view_func)
        return None
