from django.urls import path

from . import charter_views, views

app_name = "volunteers"

# The person as the sites see them (volunteers:detail) is added by shifts/people/urls.py (utopia/urls.py).

urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/export/", views.export, name="export"),
    path("me/charter/", charter_views.charter, name="charter"),
    path("me/delete/", views.delete, name="delete"),
    path("me/deleted/", views.deleted, name="deleted"),
]
