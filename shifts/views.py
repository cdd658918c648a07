from django.shortcuts import render

from . import selectors


def home(request):
    return render(
        request,
        "shifts/home.html",
        {"sites": selectors.sites_with_missions(), "gaps": selectors.upcoming_gaps()},
    )
