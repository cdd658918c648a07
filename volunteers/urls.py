app_name = "volunteers"

urlpatterns = [
    # /me/, /me/export/, /me/delete/, /volunteers/<pk>/
]
