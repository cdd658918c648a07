app_name = "roster"

urlpatterns = [
    # /roster/<site-slug>/, /roster/<site-slug>/<YYYY-MM-DD>/, /roster/<site-slug>/stats/
]
