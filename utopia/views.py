from django.db import connection
from django.http import HttpResponse


def healthz(request):
    """For the load balancer and docker compose: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def bench_baseline(request):
    """`make bench`'s yardstick: one primary-key query and a tiny template. Mounted only when UTOPIA_BENCH is on."""
    from django.shortcuts import render

    from sites.models import Site

    site = Site.objects.only("pk", "name").order_by("pk").first()
    return render(request, "bench_baseline.html", {"site": site})
