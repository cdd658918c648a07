"""Donations: the public pages and the coordinators' pages under /roster/<site-slug>/.

Included from utopia/urls.py before the roster's own include, so /roster/<site-slug>/needs/ and
/roster/<site-slug>/offers/ resolve here.
"""

from django.urls import path

from . import roster_views, views

app_name = "donations"

urlpatterns = [
    path("donate/", views.donate, name="page"),
    path("donate.json", views.donate_json, name="json"),
    path("donate/offer/", views.offer, name="offer_form"),
    path("donate/offer/thanks/", views.offer_thanks, name="offer_thanks"),
    path("roster/<slug:site_slug>/needs/", roster_views.needs, name="needs"),
    path("roster/<slug:site_slug>/needs/<int:pk>/", roster_views.need_edit, name="need_edit"),
    path("roster/<slug:site_slug>/needs/<int:pk>/move/", roster_views.need_move, name="need_move"),
    path("roster/<slug:site_slug>/needs/<int:pk>/delete/", roster_views.need_delete, name="need_delete"),
    path("roster/<slug:site_slug>/offers/", roster_views.offers, name="offers"),
    path("roster/<slug:site_slug>/offers/<int:pk>/", roster_views.offer_detail, name="offer"),
    path("roster/<slug:site_slug>/offers/<int:pk>/answer/", roster_views.offer_answer, name="offer_answer"),
    path("roster/<slug:site_slug>/offers/<int:pk>/status/", roster_views.offer_status, name="offer_status"),
]
