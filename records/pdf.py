"""The certificate of volunteering as a PDF (reportlab, with the DejaVu Sans fonts shipped in records/fonts so
any European name prints), in the certificate's own language."""

from functools import cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape  # nosec B406: escapes text for reportlab's markup, parses nothing

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .services import Issued

FONTS = Path(__file__).resolve().parent / "fonts"
BRAND = colors.HexColor("#0b5c4a")
MISSION_TEXT_MAX = 280


@cache
def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        "DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold", italic="DejaVuSans", boldItalic="DejaVuSans-Bold"
    )
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10.5, leading=15, spaceAfter=6)
    return {
        "body": body,
        "url": ParagraphStyle("url", parent=body, fontSize=8.5, leading=11, splitLongWords=False),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#444444")),
        "organisation": ParagraphStyle(
            "organisation", parent=body, fontName="DejaVuSans-Bold", fontSize=13, textColor=BRAND
        ),
        "title": ParagraphStyle(
            "title", parent=body, fontName="DejaVuSans-Bold", fontSize=20, leading=26, spaceBefore=8, spaceAfter=12
        ),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName="DejaVuSans-Bold", fontSize=12, spaceBefore=10, spaceAfter=4
        ),
    }


def _long_date(day) -> str:
    return date_format(day, "j F Y")


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MISSION_TEXT_MAX else text[: MISSION_TEXT_MAX - 1].rstrip() + "…"


def _qr(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    return drawing


def render_certificate(issued: Issued, *, verify_url: str) -> bytes:
    """The PDF of a certificate just issued. Its record was read in the certificate's language."""
    certificate, record = issued.certificate, issued.record
    volunteer = certificate.volunteer
    organisation = settings.UTOPIA_ORGANISATION_NAME
    with translation.override(certificate.language):
        styles = _styles()
        story = [
            Paragraph(escape(organisation), styles["organisation"]),
            Paragraph(escape(_("Certificate of volunteering")), styles["title"]),
        ]
        facts = {
            "organisation": escape(organisation),
            "name": f"<b>{escape(certificate.full_name)}</b>",
            "birth_date": _long_date(volunteer.birth_date) if volunteer.birth_date else "",
            "first_day": _long_date(certificate.first_day),
            "last_day": _long_date(certificate.last_day),
        }
        if volunteer.birth_date:
            opening = _("%(organisation)s certifies that %(name)s, born on %(birth_date)s, volunteered with us")
        else:
            opening = _("%(organisation)s certifies that %(name)s volunteered with us")
        if certificate.first_day == certificate.last_day:
            period = _("on %(first_day)s.")
        else:
            period = _("from %(first_day)s to %(last_day)s.")
        story.append(Paragraph(f"{opening % facts} {period % facts}", styles["body"]))
        totals = ngettext(
            "In all: %(days)d day of volunteering, %(hours)s hours over %(shifts)d shift.",
            "In all: %(days)d days of volunteering, %(hours)s hours over %(shifts)d shifts.",
            certificate.volunteer_days,
        ) % {"days": certificate.volunteer_days, "hours": record.hours, "shifts": record.shifts}
        story.append(Paragraph(escape(totals), styles["body"]))

        story.append(Paragraph(escape(_("Sites")), styles["heading"]))
        rows = [[_("Site"), _("Days"), _("Hours")]]
        rows += [[line.label, str(line.day_count), line.hours] for line in record.by_site]
        rows.append([_("Total"), str(record.day_count), record.hours])
        table = Table(rows, colWidths=[95 * mm, 30 * mm, 30 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), "DejaVuSans", 10),
                    ("FONT", (0, 0), (-1, 0), "DejaVuSans-Bold", 10),
                    ("FONT", (0, -1), (-1, -1), "DejaVuSans-Bold", 10),
                    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.75, BRAND),
                    ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.grey),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        story.append(table)

        story.append(Paragraph(escape(_("Missions")), styles["heading"]))
        for line in record.by_mission:
            count = ngettext("%(count)d shift", "%(count)d shifts", line.shifts) % {"count": line.shifts}
            text = f"<b>{escape(line.label)}</b> ({escape(line.key.site.name)}, {escape(count)})"
            if line.description:
                text += f": {escape(_shorten(line.description))}"
            story.append(Paragraph(text, styles["body"]))
        if record.unrecorded:
            note = ngettext(
                "Attendance was not taken on %(count)d of these shifts; it is counted as booked.",
                "Attendance was not taken on %(count)d of these shifts; they are counted as booked.",
                record.unrecorded,
            ) % {"count": record.unrecorded}
            story.append(Paragraph(escape(note), styles["small"]))

        issued_line = _("Issued on %(date)s.") % {"date": _long_date(timezone.localtime(certificate.issued_at).date())}
        if certificate.issued_by and certificate.issued_by.pk != volunteer.pk:
            issued_line += " " + _("Issued by %(name)s for %(organisation)s.") % {
                "name": certificate.issued_by.get_full_name(),
                "organisation": organisation,
            }
        story.append(Spacer(1, 6 * mm))
        story.append(Paragraph(escape(issued_line), styles["body"]))
        check = Paragraph(
            escape(
                _("Anyone can check that this certificate is genuine at the address below, or by scanning the code.")
            )
            + "<br/><br/>"
            + escape(_("Certificate no. %(number)s") % {"number": certificate.pk}),
            styles["small"],
        )
        verification = Table([[_qr(verify_url, 32 * mm), check]], colWidths=[38 * mm, 122 * mm], hAlign="LEFT")
        verification.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        # On a line of its own, the full width: the link must never wrap (a reader may type it).
        link = Paragraph(
            f'<link href="{escape(verify_url)}" color="#0b5c4a">{escape(verify_url)}</link>', styles["url"]
        )
        story.append(KeepTogether([Spacer(1, 4 * mm), verification, link]))

        buffer = BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=22 * mm,
            rightMargin=22 * mm,
            topMargin=20 * mm,
            bottomMargin=20 * mm,
            title=_("Certificate of volunteering"),
            author=organisation,
            subject=certificate.full_name,
            lang=certificate.language,
        )
        document.build(story)
    return buffer.getvalue()
