from django.urls import path, re_path

from . import views

app_name = "records"

urlpatterns = [
    path("me/record/", views.my_record, name="my_record"),
    path("me/certificate.pdf", views.my_certificate, name="my_certificate"),
    path("me/certificates/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("volunteers/<int:pk>/certificate.pdf", views.issue_for, name="issue_for"),
    re_path(r"^certificates/(?P<token>[A-Za-z0-9_-]{20,100})/$", views.verify, name="verify"),
]
