from django.urls import path

from . import charter_views, views

app_name = "volunteers"

urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/export/", views.export, name="export"),
    path("me/charter/", charter_views.charter, name="charter"),
    path("me/delete/", views.delete, name="delete"),
    path("me/deleted/", views.deleted, name="deleted"),
    path("volunteers/<int:pk>/", views.detail, name="detail"),
]
