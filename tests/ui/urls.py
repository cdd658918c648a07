"""The real URLconf plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from utopia.urls import urlpatterns as real_urlpatterns


def boom(request):
    raise RuntimeError("secret-internal-detail DATABASE_PASSWORD=hunter2")


def forbidden(request):
    raise PermissionDenied("secret-permission-detail")


def bad(request):
    raise SuspiciousOperation("secret-suspicious-detail")


urlpatterns = [
    path("test-boom/", boom),
    path("test-forbidden/", forbidden),
    path("test-bad/", bad),
    *real_urlpatterns,
]
