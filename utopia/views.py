from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import connection
from django.http import HttpResponse

# A file every page links: if the manifest does not name it, every page answers 500.
_STATIC_PROBE = "css/utopia.css"


def _static_files_ready() -> bool:
    """With the manifest storage (DEBUG off), the collected manifest must name the files the pages link."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return True
    try:
        staticfiles_storage.stored_name(_STATIC_PROBE)
    except ValueError:
        return False
    return True


def healthz(request):
    """For the load balancer and docker compose: answers 200 when the database answers and the static files were
    collected for production (bin/build), 503 otherwise."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    if not _static_files_ready():
        return HttpResponse("static files not collected: run bin/build", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


def bench_baseline(request):
    """`make bench`'s yardstick: one primary-key query and a tiny template. Mounted only when UTOPIA_BENCH is on."""
    from django.shortcuts import render

    from sites.models import Site

    site = Site.objects.only("pk", "name").order_by("pk").first()
    return render(request, "bench_baseline.html", {"site": site})
