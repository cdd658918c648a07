from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("shifts/<int:pk>/signup-with-briefing/", views.signup_with_briefing, name="signup_with_briefing"),
]

# Relative to /roster/<site-slug>/ (the coordinators' area, mounted by utopia/urls.py).
roster_urlpatterns = [
    path("briefing/", views.briefing_waivers, name="briefing_waivers"),
    path("signup/<int:signup_id>/buddy/", views.set_buddy, name="set_buddy"),
]
