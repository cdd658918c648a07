"""The coordinator's side of tokens, on their profile: create one (shown once), revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from . import services
from .forms import TokenForm
from .models import ApiToken

BACK = "volunteers:me"


@sensitive_variables("created")
@login_required
@require_POST
def create_token(request):
    form = TokenForm(request.POST)
    try:
        if not form.is_valid():
            raise services.TokenRefused([error for errors in form.errors.values() for error in errors])
        created = services.create_token(volunteer=request.user, name=form.cleaned_data["name"])
    except services.TokenRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(reverse(BACK) + "#api-tokens")
    # Rendered, not redirected: the token exists in clear only in this response, never in a session or cookie.
    return render(request, "api/token_created.html", {"created": created})


@login_required
@require_POST
def revoke_token(request, pk):
    api_token = get_object_or_404(ApiToken, pk=pk, volunteer=request.user)
    services.revoke_token(api_token=api_token, by=request.user)
    messages.success(request, _("The token no longer works."))
    return redirect(reverse(BACK) + "#api-tokens")
