from django.urls import path

from . import views

app_name = "stays"

urlpatterns = [
    path("me/stays/", views.my_stays, name="mine"),
    path("me/stays/plan/", views.choose_site, name="choose_site"),
    path("me/stays/plan/<slug:site_slug>/", views.plan, name="plan"),
    path("me/stays/<int:pk>/", views.detail, name="detail"),
    path("me/stays/<int:pk>/change/", views.change, name="change"),
    path("me/stays/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("me/stays/<int:pk>/every-day/", views.repeat, name="repeat"),
    path("me/stays/<int:pk>/booked/", views.booked, name="booked"),
    path("me/stays/every-day/<int:shift_pk>/", views.same_shift, name="same_shift"),
]
