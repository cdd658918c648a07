from django.urls import path, re_path

from . import views

app_name = "shifts"

urlpatterns = [
    path("shifts/", views.shift_list, name="list"),
    path("shifts/<int:pk>/", views.shift_detail, name="detail"),
    path("shifts/<int:pk>/signup/", views.signup, name="signup"),
    path("shifts/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("me/shifts/", views.my_shifts, name="my_shifts"),
    path("me/shifts/calendar/regenerate/", views.calendar_regenerate, name="calendar_regenerate"),
    re_path(r"^calendar/(?P<token>[A-Za-z0-9_-]{16,64})\.ics$", views.calendar_feed, name="calendar_feed"),
]
