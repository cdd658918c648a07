from django.urls import path, register_converter

from utopia.inputs import DayConverter

from . import views

# A day within utopia.inputs' window, or the URL does not match (404): one parser for every date from outside.
register_converter(DayConverter, "isoday")

app_name = "roster"

urlpatterns = [
    path("roster/", views.index, name="index"),
    path("roster/stats/", views.all_stats, name="stats_all"),
]

# Relative to /roster/<site-slug>/ (the coordinators' area, mounted by utopia/urls.py).
roster_urlpatterns = [
    path("", views.week, name="week"),
    path("stats/", views.site_stats, name="stats"),
    path("generate/", views.generate, name="generate"),
    path("closures/", views.add_closure, name="add_closure"),
    path("<isoday:day>/", views.day, name="day"),
    path("<isoday:day>/csv/", views.day_csv, name="day_csv"),
    path("shift/<int:shift_id>/assign/", views.assign, name="assign"),
    path("shift/<int:shift_id>/walk-in/", views.walk_in, name="walk_in"),
    path("shift/<int:shift_id>/ask-for-help/", views.ask_for_help, name="ask_for_help"),
    path("shift/<int:shift_id>/edit/", views.edit_shift, name="edit_shift"),
    path("shift/<int:shift_id>/cancel/", views.cancel_shift, name="cancel_shift"),
    path("signup/<int:signup_id>/", views.signup_actions, name="signup"),
    path("signup/<int:signup_id>/cancel/", views.cancel_signup, name="cancel_signup"),
    path("signup/<int:signup_id>/confirm/", views.confirm_signup, name="confirm_signup"),
    path("signup/<int:signup_id>/attendance/", views.attendance, name="attendance"),
    path("signup/<int:signup_id>/note/", views.note, name="note"),
    path("signup/<int:signup_id>/move/", views.move, name="move"),
]
