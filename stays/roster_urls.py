from django.urls import path

from . import roster_views

app_name = "roster_stays"

urlpatterns = []

# Relative to /roster/<site-slug>/ (the coordinators' area, mounted by utopia/urls.py).
roster_urlpatterns = [
    path("stays/", roster_views.stays, name="stays"),
    path("stays/print/", roster_views.print_list, name="print"),
]
