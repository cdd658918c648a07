import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from shifts.models import Signup
from shifts.people import can_view_volunteer, sites_visible_to

from . import services
from .forms import EraseAccountForm, ProfileForm
from .models import Volunteer
from .qualifications import views as qualification_views

SIGNUPS_PER_PAGE = 20


@sensitive_post_parameters("phone", "emergency_contact_name", "emergency_contact_phone", "birth_date")
@login_required
@require_http_methods(["GET", "POST"])
def me(request):
    volunteer = request.user
    form = ProfileForm(request.POST or None, volunteer=volunteer)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(volunteer=volunteer, changes=form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("volunteers:me")
    return render(
        request,
        "volunteers/me.html",
        {"form": form, "volunteer": volunteer, **qualification_views.profile_context(volunteer)},
    )


@login_required
@require_GET
def export(request):
    data = services.export_data(volunteer=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"utopia-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    volunteer = request.user
    if request.method == "POST":
        # Password guesses here are limited like allauth's own re-authentication.
        too_many = ratelimit.consume_or_429(request, action="reauthenticate", user=volunteer)
        if too_many:
            return too_many
    form = EraseAccountForm(request.POST or None, volunteer=volunteer)
    if request.method == "POST" and form.is_valid():
        services.erase_account(volunteer=volunteer)
        logout(request)
        return redirect("volunteers:deleted")
    return render(
        request,
        "volunteers/delete.html",
        {
            "form": form,
            "upcoming_count": Signup.objects.active()
            .filter(volunteer=volunteer, shift__starts_at__gt=timezone.now())
            .count(),
        },
    )


@require_GET
def deleted(request):
    return render(request, "volunteers/deleted.html")


@login_required
@require_GET
def detail(request, pk):
    person = get_object_or_404(Volunteer, pk=pk)
    # Same answer whether the person exists or not: nobody learns who has an account.
    if not can_view_volunteer(viewer=request.user, volunteer=person):
        raise Http404
    signups = (
        Signup.objects.filter(volunteer=person)
        .select_related("shift__mission__site")
        .order_by("-shift__starts_at", "-pk")
    )
    sites = sites_visible_to(request.user)
    if sites is not None:
        signups = signups.filter(shift__mission__site__in=sites)
    page = Paginator(signups, SIGNUPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteers/detail.html",
        {
            "person": person,
            "page": page,
            "age": person.age_on(services.local_today()),
            **qualification_views.person_context(request.user, person),
        },
    )
