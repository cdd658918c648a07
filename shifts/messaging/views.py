"""Pages behind the signed links in reminders. No login: the signed token is the permission.

GET only shows a page with a button; the change happens on POST, because mail scanners and link
previews follow links in emails and must not cancel anyone's shift.
"""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from shifts import services
from shifts.models import Signup

from . import replies


def _invalid(request, status: int):
    return render(request, "replies/invalid.html", status=status)


def _load_signup(token: str, purpose: str) -> tuple[Signup | None, int]:
    """The sign-up a token names, or None and the status to answer with."""
    try:
        signup_id = replies.read_token(token, purpose=purpose)
    except replies.BadReplyLink:
        return None, 400
    signup = (
        Signup.objects.select_related("shift__mission__site", "volunteer")
        .prefetch_related(Prefetch("shift__mission__site__coordinators"))
        .filter(pk=signup_id)
        .first()
    )
    return signup, (200 if signup else 404)


def _context(signup: Signup, state: str) -> dict:
    shift = signup.shift
    site = shift.mission.site
    return {
        "state": state,
        "signup": signup,
        "shift": shift,
        "mission": shift.mission,
        "site": site,
        "starts": shift.local_starts_at,
        "ends": shift.local_ends_at,
        "coordinators": [person.get_full_name() or person.public_name for person in site.coordinators.all()],
    }


def _render(request, template: str, signup: Signup, state: str):
    # The person following the link is the volunteer: answer in their language and their site's time.
    with translation.override(signup.volunteer.preferred_language), timezone.override(signup.shift.mission.site.tz):
        return render(request, template, _context(signup, state))


@never_cache
@require_http_methods(["GET", "POST"])
def coming(request, token: str):
    signup, status = _load_signup(token, replies.COMING)
    if signup is None:
        return _invalid(request, status)
    shift = signup.shift
    if signup.status != Signup.Status.CONFIRMED:
        state = "not_confirmed"
    elif shift.is_cancelled:
        state = "shift_cancelled"
    elif shift.ends_at <= timezone.now():
        state = "over"
    elif signup.coming_confirmed_at:
        state = "already"
    elif request.method == "POST":
        state = "done" if replies.confirm_coming(signup=signup) else "already"
    else:
        state = "ask"
    return _render(request, "replies/coming.html", signup, state)


@never_cache
@require_http_methods(["GET", "POST"])
def cant_come(request, token: str):
    signup, status = _load_signup(token, replies.CANT_COME)
    if signup is None:
        return _invalid(request, status)
    shift = signup.shift
    if signup.status == Signup.Status.CANCELLED:
        state = "already"
    elif shift.is_cancelled:
        state = "shift_cancelled"
    elif shift.has_started:
        state = "started"
    elif request.method == "POST":
        try:
            services.cancel(signup=signup, by=None)
            state = "done"
        except services.SignupRefused as refusal:
            state = {"already_cancelled": "already", "started": "started"}.get(refusal.code, "refused")
        signup.refresh_from_db(fields=["status"])
    else:
        state = "ask"
    return _render(request, "replies/cant_come.html", signup, state)
