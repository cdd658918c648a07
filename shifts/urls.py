app_name = "shifts"

urlpatterns = [
    # Pages of the sign-up engine: /shifts/, /shifts/<pk>/, POST .../signup/ and .../cancel/, /me/shifts/, the feed.
]
