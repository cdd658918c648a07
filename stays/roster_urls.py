from django.urls import path

from . import roster_views

app_name = "roster_stays"

urlpatterns = [
    path("", roster_views.stays, name="stays"),
    path("print/", roster_views.print_list, name="print"),
]
