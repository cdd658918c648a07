from django.urls import path

from . import views

app_name = "qualifications"

# Granting on a person's page and a site's check requests are added by shifts/people/urls.py (utopia/urls.py).

urlpatterns = [
    path("me/qualifications/", views.declare, name="declare"),
    path("me/qualifications/check/", views.ask_check, name="ask_check"),
    path("me/qualifications/check/<int:pk>/withdraw/", views.withdraw_check, name="withdraw_check"),
]
