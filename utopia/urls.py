from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from shifts.volunteer import views as shift_views
from volunteers import i18n
from volunteers.confirm_email import confirm_email

from . import views

urlpatterns = [
    path("", shift_views.home, name="home"),
    path("i18n/setlang/", i18n.set_language, name="set_language"),
    # allauth's own pattern, answered by ours first: confirming logs a newcomer in and goes back to their shift.
    re_path(r"^accounts/confirm-email/(?P<key>[-:\w]+)/$", confirm_email, name="account_confirm_email"),
    path("accounts/", include("allauth.urls")),
    path("", include("volunteers.urls")),
    path("", include("records.urls")),
    path("", include("api.urls")),
    path("", include("shifts.volunteer.urls")),
    path("", include("shifts.onboarding.urls")),  # before roster/: it adds pages under roster/<site>/
    # /donate/... and /roster/<site-slug>/needs|offers/: before the roster's include, which would take them.
    path("", include("sites.urls")),
    path("", include("stays.urls")),
    # Before the roster's own URLs: /roster/<site-slug>/tonight/ and /roster/<site-slug>/checks/ (safe teams).
    path("", include("shifts.teams.urls")),
    path("", include("volunteers.qualifications.urls")),
    # Before roster/: /roster/<site-slug>/stays/ is the stays app's page, not a roster day.
    path("roster/<slug:site_slug>/stays/", include("stays.roster_urls")),
    path("roster/", include("shifts.roster.urls")),
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
