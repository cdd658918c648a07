"""The charter page: the current text, what changed since the version one accepted, and accepting it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import charter as charters


def _safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def charter(request):
    current = charters.current_charter()
    next_url = _safe_next(request)
    if request.method == "POST" and current is not None:
        if request.POST.get("version") != str(current.version):
            messages.error(
                request, _("The charter has just been updated: please read the new version and accept it again.")
            )
        elif not request.POST.get("accept"):
            messages.error(request, _("Please tick the box to accept the charter."))
        else:
            try:
                charters.accept_charter(volunteer=request.user, charter=current)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Thank you: you have accepted the charter."))
                return redirect(next_url or "volunteers:charter")
    accepted = charters.last_accepted(request.user)
    is_current = accepted is not None and current is not None and accepted.charter_id == current.pk
    paragraphs = None
    if current is not None and accepted is not None and not is_current:
        paragraphs = charters.compare(old=accepted.charter, new=current)
    return render(
        request,
        "volunteers/charter.html",
        {
            "charter": current,
            "accepted": accepted,
            "is_current": is_current,
            "paragraphs": paragraphs,
            "next_url": next_url,
        },
    )
