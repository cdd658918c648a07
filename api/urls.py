from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import pages, views

app_name = "api"

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("api/v1/", views.Index.as_view(), name="index"),
    path("api/v1/sites/", views.SiteList.as_view(), name="sites"),
    path("api/v1/needs/", views.NeedList.as_view(), name="needs"),
    path("api/v1/shifts/", views.ShiftList.as_view(), name="shifts"),
    path("api/v1/roster/<slug:site_slug>/<str:day>/", views.RosterDay.as_view(), name="roster"),
    path("api/v1/stock/<slug:site_slug>/", views.StockView.as_view(), name="stock"),
    path("me/api-tokens/", pages.create_token, name="create_token"),
    path("me/api-tokens/<int:pk>/revoke/", pages.revoke_token, name="revoke_token"),
]
