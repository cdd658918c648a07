from django.urls import path

from . import views as reply_views

app_name = "replies"

urlpatterns = [
    # Signed links from reminder emails: "I'm coming" / "I can't come", usable without logging in.
    path("coming/<str:token>/", reply_views.coming, name="coming"),
    path("cant-come/<str:token>/", reply_views.cant_come, name="cant_come"),
]
