"""Donations: the public pages, and the coordinators' pages (`roster_urlpatterns`, relative to
/roster/<site-slug>/, mounted in the coordinators' area by utopia/urls.py)."""

from django.urls import path

from . import roster_views, views

app_name = "donations"

urlpatterns = [
    path("donate/", views.donate, name="page"),
    path("donate.json", views.donate_json, name="json"),
    path("donate/offer/", views.offer, name="offer_form"),
    path("donate/offer/thanks/", views.offer_thanks, name="offer_thanks"),
]

roster_urlpatterns = [
    path("needs/", roster_views.needs, name="needs"),
    path("needs/<int:pk>/", roster_views.need_edit, name="need_edit"),
    path("needs/<int:pk>/move/", roster_views.need_move, name="need_move"),
    path("needs/<int:pk>/delete/", roster_views.need_delete, name="need_delete"),
    path("offers/", roster_views.offers, name="offers"),
    path("offers/<int:pk>/", roster_views.offer_detail, name="offer"),
    path("offers/<int:pk>/answer/", roster_views.offer_answer, name="offer_answer"),
    path("offers/<int:pk>/status/", roster_views.offer_status, name="offer_status"),
]
