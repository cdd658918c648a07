from django.urls import path

from . import views

app_name = "teams"

urlpatterns = [
    path("shifts/<int:pk>/team/", views.team_page, name="team"),
    path("shifts/<int:pk>/team/out/", views.out, name="out"),
    path("shifts/<int:pk>/team/back/", views.back, name="back"),
    path("roster/<slug:site_slug>/tonight/", views.tonight, name="tonight"),
]
