from django.urls import path

from . import views

app_name = "qualifications"

urlpatterns = [
    path("me/qualifications/", views.declare, name="declare"),
    path("me/qualifications/check/", views.ask_check, name="ask_check"),
    path("me/qualifications/check/<int:pk>/withdraw/", views.withdraw_check, name="withdraw_check"),
    path("volunteers/<int:pk>/qualifications/", views.grant, name="grant"),
    path("volunteers/<int:pk>/qualifications/<int:grant_pk>/revoke/", views.revoke, name="revoke"),
]

# Relative to /roster/<site-slug>/ (the coordinators' area, mounted by utopia/urls.py).
roster_urlpatterns = [
    path("checks/", views.site_checks, name="site_checks"),
    path("checks/<int:pk>/decline/", views.decline_check, name="decline_check"),
]
