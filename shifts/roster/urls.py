from django.urls import path, register_converter

from . import views


class IsoDayConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return value.isoformat() if hasattr(value, "isoformat") else str(value)


register_converter(IsoDayConverter, "isoday")

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
