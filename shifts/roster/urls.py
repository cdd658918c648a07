from django.urls import path, register_converter

from utopia.inputs import DayConverter

from . import views

# A day within utopia.inputs' window, or the URL does not match (404): one parser for every date from outside.
register_converter(DayConverter, "isoday")

app_name = "roster"

urlpatterns = [
    path("", views.index, name="index"),
    path("stats/", views.all_stats, name="stats_all"),
    path("<slug:site_slug>/", views.week, name="week"),
    path("<slug:site_slug>/stats/", views.site_stats, name="stats"),
    path("<slug:site_slug>/generate/", views.generate, name="generate"),
    path("<slug:site_slug>/closures/", views.add_closure, name="add_closure"),
    path("<slug:site_slug>/<isoday:day>/", views.day, name="day"),
    path("<slug:site_slug>/<isoday:day>/csv/", views.day_csv, name="day_csv"),
    path("<slug:site_slug>/shift/<int:shift_id>/assign/", views.assign, name="assign"),
    path("<slug:site_slug>/shift/<int:shift_id>/walk-in/", views.walk_in, name="walk_in"),
    path("<slug:site_slug>/shift/<int:shift_id>/ask-for-help/", views.ask_for_help, name="ask_for_help"),
    path("<slug:site_slug>/shift/<int:shift_id>/edit/", views.edit_shift, name="edit_shift"),
    path("<slug:site_slug>/shift/<int:shift_id>/cancel/", views.cancel_shift, name="cancel_shift"),
    path("<slug:site_slug>/signup/<int:signup_id>/", views.signup_actions, name="signup"),
    path("<slug:site_slug>/signup/<int:signup_id>/cancel/", views.cancel_signup, name="cancel_signup"),
    path("<slug:site_slug>/signup/<int:signup_id>/confirm/", views.confirm_signup, name="confirm_signup"),
    path("<slug:site_slug>/signup/<int:signup_id>/attendance/", views.attendance, name="attendance"),
    path("<slug:site_slug>/signup/<int:signup_id>/note/", views.note, name="note"),
    path("<slug:site_slug>/signup/<int:signup_id>/move/", views.move, name="move"),
]
