"""The person as the sites see them. Their URL names stay in the namespaces of the person's own app
(`volunteers:detail`, `qualifications:grant`, ...): utopia/urls.py joins these lists to that app's."""

from django.urls import path

from . import views

person_patterns = [
    path("volunteers/<int:pk>/", views.detail, name="detail"),
]

qualification_patterns = [
    path("volunteers/<int:pk>/qualifications/", views.grant, name="grant"),
    path("volunteers/<int:pk>/qualifications/<int:grant_pk>/revoke/", views.revoke, name="revoke"),
]

# Relative to /roster/<site-slug>/ (the coordinators' area, mounted by utopia/urls.py).
qualification_roster_patterns = [
    path("checks/", views.site_checks, name="site_checks"),
    path("checks/<int:pk>/decline/", views.decline_check, name="decline_check"),
]
