from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("shifts/<int:pk>/signup-with-briefing/", views.signup_with_briefing, name="signup_with_briefing"),
    path("roster/<slug:site_slug>/briefing/", views.briefing_waivers, name="briefing_waivers"),
    path("roster/<slug:site_slug>/signup/<int:signup_id>/buddy/", views.set_buddy, name="set_buddy"),
]
