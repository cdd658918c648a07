app_name = "replies"

urlpatterns = [
    # Signed links from reminder emails: "I'm coming" / "I can't come", usable without logging in.
]
