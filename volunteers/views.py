import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from . import services
from .forms import EraseAccountForm, ProfileForm
from .qualifications import views as qualification_views


@sensitive_post_parameters("phone", "emergency_contact_name", "emergency_contact_phone", "birth_date")
@login_required
@require_http_methods(["GET", "POST"])
def me(request):
    volunteer = request.user
    form = ProfileForm(request.POST or None, volunteer=volunteer)
    # Sent here by a shift's page (its languages refusal): saved, back to that shift.
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not (back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})):
        back = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(volunteer=volunteer, changes=form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect(back or "volunteers:me")
    return render(
        request,
        "volunteers/me.html",
        {"form": form, "volunteer": volunteer, "back": back, **qualification_views.profile_context(volunteer)},
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
            # What each app will cancel (upcoming_count: shifts), for the page to say so before it happens.
            **services.erasure_summary(volunteer=volunteer),
        },
    )


@require_GET
def deleted(request):
    return render(request, "volunteers/deleted.html")
