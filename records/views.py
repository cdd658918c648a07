"""A volunteer's record, their certificates, and the public page that proves a certificate genuine."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shifts.people import can_view_volunteer

from . import mail, services
from .forms import CertificateForm
from .models import Certificate
from .pdf import render_certificate
from .selectors import attended_signups, format_hours, record_for

SHIFTS_PER_PAGE = 50


@login_required
@require_GET
def my_record(request):
    volunteer = request.user
    record = record_for(volunteer)
    signups = attended_signups(volunteer).select_related("shift__mission__site")
    page = Paginator(signups, SHIFTS_PER_PAGE).get_page(request.GET.get("page"))
    for signup in page.object_list:
        start, end = signup.shift.local_starts_at, signup.shift.local_ends_at
        # With the year: a record spans years, unlike the lists of shifts to come.
        signup.when = format_html(
            '<time datetime="{}">{}, {}–{}</time>',
            start.isoformat(),
            date_format(start.date(), "DATE_FORMAT"),
            f"{start:%H:%M}",
            f"{end:%H:%M}",
        )
    # A link such as /me/certificate.pdf?language=en leads here, with that language chosen.
    language = CertificateForm(request.GET)
    context = {
        "record": record,
        "page_obj": page,
        "certificate_language": language.cleaned_data["language"] if language.is_valid() else "",
    }
    return render(request, "records/my_record.html", context)


def _certificate_response(issued: services.Issued) -> HttpResponse:
    pdf = render_certificate(issued, verify_url=services.verify_url(issued.token))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = services.filename(issued.certificate, timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _language_or_refuse(request):
    form = CertificateForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["language"]
    messages.error(request, _("Choose French or English for the certificate."))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def my_certificate(request):
    """Issues a certificate (a new verification link each time) in the language asked for, on a POST only: the
    record page's form. A GET, with or without `?language=`, leads to that form and issues nothing (a link
    followed twice, or by a preview bot, must not issue certificates)."""
    back = reverse("records:my_record")
    if request.method == "GET":
        language = CertificateForm(request.GET)
        query = f"?language={language.cleaned_data['language']}" if language.is_valid() else ""
        return redirect(f"{back}{query}#certificate")
    language = _language_or_refuse(request)
    if language is None:
        return redirect(back)
    try:
        issued = services.issue_certificate(volunteer=request.user, language=language, by=request.user)
    except services.CertificateRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(back)
    return _certificate_response(issued)


@login_required
@require_POST
def issue_for(request, pk):
    """A coordinator issues the certificate for a person of their site (from the person's page): it goes to the
    person by email; the coordinator only learns that it was sent."""
    person = get_object_or_404(get_user_model(), pk=pk)
    # As on the person's page: the same answer whether the person exists or not.
    if not can_view_volunteer(viewer=request.user, volunteer=person):
        raise Http404
    back = reverse("volunteers:detail", args=[person.pk])
    language = _language_or_refuse(request)
    if language is not None:
        try:
            mail.send_certificate(volunteer=person, language=language, by=request.user)
        except services.CertificateRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(
                request, _("The certificate was sent to %(name)s by email.") % {"name": person.get_full_name()}
            )
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, pk):
    """Withdrawing a certificate asks first: a GET shows what it is and what withdrawing does (a page of its own,
    read in order by a screen reader, one button to confirm); the POST of that page withdraws it."""
    certificate = get_object_or_404(Certificate, pk=pk, volunteer=request.user)
    back = reverse("volunteers:me") + "#certificates"
    if request.method == "GET":
        return render(request, "records/revoke.html", {"certificate": certificate, "back": back})
    services.revoke_certificate(certificate=certificate, by=request.user)
    messages.success(request, _("The certificate's link no longer works."))
    return redirect(back)


@never_cache
@require_GET
def verify(request, token):
    certificate = services.find_valid(token)
    if certificate is None:
        raise Http404
    context = {
        "certificate": certificate,
        "hours": format_hours(certificate.minutes),
        "organisation": settings.UTOPIA_ORGANISATION_NAME,
    }
    response = render(request, "records/verify.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
