"""A certificate a coordinator issues goes to the person, by email, as a PDF: the coordinator never sees it.

Sent at once, outside the issuing transaction. It is not a row of the outbox: the PDF carries the only copy of
its verification secret, which is never stored, so it cannot wait in a queue for a retry. If the mail server
refuses, the certificate is revoked and the coordinator is told to try again.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import services
from .pdf import render_certificate

logger = logging.getLogger(__name__)


def send_certificate(*, volunteer, language: str, by):
    """Issue a certificate for `volunteer` and email it to them. Returns the certificate; CertificateRefused
    when a rule says no, when the person has no email address, or when the email could not be sent."""
    if not volunteer.email:
        raise services.CertificateRefused(
            _("This person has no email address: they can download the certificate from their record page."),
            code="no_email",
        )
    issued = services.issue_certificate(volunteer=volunteer, language=language, by=by)
    certificate = issued.certificate
    pdf = render_certificate(issued, verify_url=services.verify_url(issued.token))
    with translation.override(language):
        context = {"certificate": certificate, "by": by, "organisation": settings.UTOPIA_ORGANISATION_NAME}
        subject = render_to_string("records/email/certificate_subject.txt", context).strip()
        body = render_to_string("records/email/certificate_body.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[volunteer.email])
    message.attach(services.filename(certificate, timezone.localdate()), pdf, "application/pdf")
    try:
        message.send()
    except Exception as error:
        # Nobody has this certificate: its link must not prove anything.
        services.revoke_certificate(certificate=certificate, by=by)
        logger.warning("certificate %s could not be sent: %s", certificate.pk, type(error).__name__)
        raise services.CertificateRefused(
            _("The certificate could not be sent by email. Please try again later."), code="not_sent"
        ) from error
    logger.info("certificate %s sent to volunteer %s", certificate.pk, volunteer.pk)
    return certificate
