"""What donations say by email, one place per kind: who it goes to, in which language, with which templates.

- the acknowledgement: to the donor, in the language they wrote in, as soon as their offer is recorded;
- the answer: a coordinator's prepared reply to the donor, in the donor's language;
- the notice: to the site's coordinators, each in their own language, about the offers that came in (one
  message for several offers within the hour, donations.notices).

Donor messages are OfferMessage rows and the notice an OfferNotice row, written before anything is sent
(donations.mail sends them once). Every message to a donor carries the site's phone and an address to reply to.
"""

from email.utils import parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from sites.models import Site

from .models import DonationOffer, OfferMessage, OfferReply
from .selectors import next_open_point


def reply_to(site: Site) -> list[str]:
    """Where a donor's answer goes: the site's coordinators' address, else the organisation's sender address, never
    a no-reply one (an empty list then: the message still gives the site's phone)."""
    if site.contact_email:
        return [site.contact_email]
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()
    local, _at, domain = address.partition("@")
    if not domain or domain == "localhost" or local.replace("-", "").replace("_", "") in ("noreply", "donotreply"):
        return []
    return [settings.DEFAULT_FROM_EMAIL]


def site_phone(site: Site) -> str:
    return site.contact_phone or site.day_phone


def _signature(site: Site) -> dict:
    return {"site": site, "phone": site_phone(site), "reply_address": (reply_to(site) or [""])[0]}


def next_point_text(site: Site) -> str:
    """The next open collection point and when, in the active language, or where to look when none is open soon."""
    found = next_open_point(site)
    if found is None:
        return _("no collection point is open in the coming days; the places and times are on %(url)s") % {
            "url": f"{settings.SITE_URL}/donate/"
        }
    point, opening = found.point, found.opening
    return _("%(name)s, %(address)s (%(place)s), %(day)s from %(start)s to %(end)s.") % {
        "name": point.name,
        "address": point.address,
        "place": point.arrondissement_label,
        "day": formats.date_format(opening.starts_at, "l j F"),
        "start": formats.time_format(opening.starts_at, "H:i"),
        "end": formats.time_format(opening.ends_at, "H:i"),
    }


def acknowledgement(offer: DonationOffer) -> OfferMessage:
    """The unsaved acknowledgement of a new offer, rendered in the donor's language."""
    with translation.override(offer.language):
        context = {"offer": offer, "donate_url": f"{settings.SITE_URL}/donate/", **_signature(offer.site)}
        subject = render_to_string("donations/emails/acknowledgement_subject.txt", context)
        body = render_to_string("donations/emails/acknowledgement_body.txt", context)
    return OfferMessage(offer=offer, kind=OfferMessage.ACKNOWLEDGEMENT, subject=_one_line(subject), body=_text(body))


def answer(*, offer: DonationOffer, reply: OfferReply, note: str = "", by=None) -> OfferMessage:
    """The unsaved answer to a donor from a prepared reply, in the donor's language."""
    french = offer.language == "fr"
    with translation.override(offer.language):
        text = (reply.body_fr if french and reply.body_fr else reply.body).replace("{name}", offer.name)
        text = text.replace("{site}", offer.site.name)
        if "{point}" in text:
            text = text.replace("{point}", next_point_text(offer.site))
        body = render_to_string(
            "donations/emails/offer_answer_body.txt",
            {
                "text": text,
                "note": (note or "").strip(),
                "offer": offer,
                "donate_url": f"{settings.SITE_URL}/donate/",
                **_signature(offer.site),
            },
        )
    subject = reply.subject_fr if french and reply.subject_fr else reply.subject
    return OfferMessage(
        offer=offer, reply=reply, sent_by=by, kind=OfferMessage.ANSWER, subject=_one_line(subject), body=_text(body)
    )


def notice(*, site: Site, offers: list[DonationOffer], language: str) -> tuple[str, str]:
    """Subject and text telling the site's coordinators about `offers`, in `language`. No donor's contact details
    in the email: the link opens each offer on the roster."""
    with translation.override(language):
        context = {"site": site, "offers": offers, "count": len(offers), "site_url": settings.SITE_URL}
        subject = render_to_string("donations/emails/new_offers_subject.txt", context)
        body = render_to_string("donations/emails/new_offers_body.txt", context)
    return _one_line(subject), _text(body)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def _text(text: str) -> str:
    return text.strip() + "\n"
