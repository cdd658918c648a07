from importlib import import_module

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from shifts.onboarding.confirm import confirm_email
from shifts.people import urls as people_urls
from shifts.volunteer import views as shift_views
from volunteers import i18n

from . import views

# The coordinators' area: every page under /roster/<site-slug>/. Each app lists its pages there relative to this
# prefix (`roster_urlpatterns` in its urls module, beside its other pages, under its one namespace), and they are
# mounted here, nowhere else. No page of one app can match another's path (tests/test_urls.py resolves every
# named URL back to itself), so the order below does not matter.
COORDINATORS_AREA = "roster/<slug:site_slug>/"


def pages(urls: str, *, joined=(), joined_area=()):
    """An app's pages under its namespace: its own, then its pages in the coordinators' area. `joined` and
    `joined_area` are pages of an app built on it that keep their names in its namespace (shifts/people/: the
    person as the sites see them, under `volunteers:` and `qualifications:`)."""
    module = import_module(urls)
    area = [*getattr(module, "roster_urlpatterns", []), *joined_area]
    return include(([*module.urlpatterns, *joined, path(COORDINATORS_AREA, include(area))], module.app_name))


urlpatterns = [
    path("", shift_views.home, name="home"),
    path("i18n/setlang/", i18n.set_language, name="set_language"),
    # allauth's own pattern, answered by ours first: confirming logs a newcomer in and goes back to their shift
    # (volunteers.confirm_email), and books it with the same tap when they registered from it.
    re_path(r"^accounts/confirm-email/(?P<key>[-:\w]+)/$", confirm_email, name="account_confirm_email"),
    path("accounts/", include("allauth.urls")),
    path("", pages("volunteers.urls", joined=people_urls.person_patterns)),
    path(
        "",
        pages(
            "volunteers.qualifications.urls",
            joined=people_urls.qualification_patterns,
            joined_area=people_urls.qualification_roster_patterns,
        ),
    ),
    path("", pages("records.urls")),
    path("", pages("api.urls")),
    path("", pages("shifts.volunteer.urls")),
    path("", pages("shifts.roster.urls")),
    path("", pages("shifts.onboarding.urls")),
    path("", pages("shifts.teams.urls")),
    path("", pages("stays.urls")),
    path("", pages("stays.roster_urls")),
    path("", pages("donations.urls")),
    path("", pages("store.urls")),
    path("r/", include("shifts.messaging.urls")),
    # Admin logs in through allauth's rate-limited login page, never its own unthrottled form.
    path("admin/login/", secure_admin_login(admin.site.login)),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

# A database outage answers the friendly 503 page even when it surfaces outside a view (utopia/middleware.py).
handler500 = "utopia.middleware.server_error"

if settings.UTOPIA_BENCH:
    urlpatterns += [path("bench/baseline/", views.bench_baseline, name="bench_baseline")]
