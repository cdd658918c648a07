from django.urls import path

from . import views

app_name = "store"

urlpatterns = [
    path("store/<slug:site_slug>/", views.home, name="home"),
    path("store/<slug:site_slug>/sorted/", views.record_sorted, name="sorted"),
    path("store/<slug:site_slug>/undo/<int:pk>/", views.undo, name="undo"),
    path("store/<slug:site_slug>/move/", views.move, name="move"),
    path("store/<slug:site_slug>/count/", views.stock_take, name="count"),
    path("store/<slug:site_slug>/transfers/", views.new_transfer, name="new_transfer"),
    path("store/<slug:site_slug>/transfers/<int:pk>/", views.transfer_note, name="transfer"),
    path("store/<slug:site_slug>/targets/<int:pk>/hide/", views.toggle_target, name="toggle_target"),
    path("store/<slug:site_slug>/report/", views.report, name="report"),
    path("store/<slug:site_slug>/report.csv", views.report_csv, name="report_csv"),
]
