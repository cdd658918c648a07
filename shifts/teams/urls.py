from django.urls import path

from . import views

app_name = "teams"

urlpatterns = [
    path("shifts/<int:pk>/team/", views.team_page, name="team"),
    path("shifts/<int:pk>/team/out/", views.out, name="out"),
    path("shifts/<int:pk>/team/back/", views.back, name="back"),
]

# Relative to /roster/<site-slug>/ (the coordinators' area, mounted by utopia/urls.py).
roster_urlpatterns = [
    path("tonight/", views.tonight, name="tonight"),
]
