"""What the public gives: what each site needs now, offers from the public, the answers sent to donors.

The tables were created by the `sites` app and keep their names (Meta.db_table, constraint and index names):
the models moved to their own app without moving a row (migrations/0001_initial.py).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from outbox.models import Message
from sites.models import Site, arrondissement_label, arrondissement_validators
from volunteers.localised import localised

# Offers that name an arrondissement of Paris go to this site.
PARIS_SITE_SLUG = "porte-de-la-chapelle"


class Need(models.Model):
    """Something a site needs (or has enough of) now, as its coordinators say."""

    class Urgency(models.TextChoices):
        URGENT = "urgent", _("urgent")
        NEEDED = "needed", _("needed")
        ENOUGH = "enough", _("enough for now")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="needs", verbose_name=_("site"))
    item = models.CharField(_("item"), max_length=120)
    item_fr = models.CharField(_("item (French)"), max_length=120, blank=True)
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NEEDED)
    position = models.PositiveIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "sites_need"
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["site", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(urgency__in=["urgent", "needed", "enough"]), name="sites_need_urgency_valid"
            ),
            models.UniqueConstraint(
                models.F("site"),
                Lower("item"),
                name="sites_need_item_unique_per_site",
                violation_error_message=_("This site already lists this item."),
            ),
        ]

    def __str__(self):
        return self.item

    @property
    def display_item(self) -> str:
        return localised(self, "item")


class OfferReply(models.Model):
    """A prepared answer to a donation offer, sent by email in the donor's language."""

    class SetsStatus(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        COLLECTED = "collected", _("collected")

    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offer_replies",
        verbose_name=_("site"),
        help_text=_("Empty: offered to the coordinators of every site."),
    )
    name = models.CharField(_("name"), max_length=80, help_text=_("What coordinators pick from."))
    name_fr = models.CharField(_("name (French)"), max_length=80, blank=True)
    subject = models.CharField(_("subject"), max_length=150)
    subject_fr = models.CharField(_("subject (French)"), max_length=150)
    body = models.TextField(
        _("text"),
        max_length=2000,
        help_text=_(
            "{name} is replaced by the donor's name, {site} by the site's and {point} by the next open collection "
            "point with its day and hours."
        ),
    )
    body_fr = models.TextField(_("text (French)"), max_length=2000)
    sets_status = models.CharField(
        _("marks the offer"),
        max_length=16,
        choices=SetsStatus.choices,
        blank=True,
        help_text=_("Sending this reply also marks the offer so (empty: leaves it as it is)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        db_table = "sites_offerreply"
        verbose_name = _("prepared reply to offers")
        verbose_name_plural = _("prepared replies to offers")
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return localised(self, "name")


class DonationOfferQuerySet(models.QuerySet):
    def closed(self):
        return self.filter(status__in=DonationOffer.CLOSED)

    def open(self):
        return self.exclude(status__in=DonationOffer.CLOSED)


class DonationOffer(models.Model):
    """Someone offering goods. Personal data: never shown publicly, deleted 90 days after it is closed."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        COLLECTED = "collected", _("collected")

    class Quantity(models.TextChoices):
        BAG = "bag", _("a bag")
        BOXES = "boxes", _("a few boxes")
        CAR_BOOT = "car_boot", _("a car boot")
        MORE = "more", _("more")

    CLOSED = (Status.DECLINED, Status.COLLECTED)

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="donation_offers", verbose_name=_("site"))
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    what = models.CharField(_("what"), max_length=1000)
    quantity = models.CharField(_("how much"), max_length=16, choices=Quantity.choices)
    arrondissement = models.PositiveSmallIntegerField(
        _("arrondissement"), null=True, blank=True, validators=arrondissement_validators()
    )
    town = models.CharField(_("town"), max_length=100, blank=True)
    availability = models.CharField(_("availability"), max_length=300)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    # The message that tells the site's coordinators about this offer (several offers share one, donations.notices).
    notice = models.ForeignKey(
        "OfferNotice", on_delete=models.SET_NULL, null=True, blank=True, related_name="offers", editable=False
    )

    objects = DonationOfferQuerySet.as_manager()

    class Meta:
        db_table = "sites_donationoffer"
        verbose_name = _("donation offer")
        verbose_name_plural = _("donation offers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="") | ~models.Q(phone=""),
                name="sites_donationoffer_email_or_phone",
                violation_error_message=_("Give an email address or a phone number so we can answer."),
            ),
            models.CheckConstraint(
                condition=models.Q(arrondissement__isnull=True)
                | models.Q(arrondissement__gte=1, arrondissement__lte=20),
                name="sites_donationoffer_arrondissement_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["new", "accepted", "declined", "collected"]),
                name="sites_donationoffer_status_valid",
            ),
            # closed_at is what the retention counts from: set exactly when the offer is closed.
            models.CheckConstraint(
                condition=models.Q(status__in=["declined", "collected"], closed_at__isnull=False)
                | (~models.Q(status__in=["declined", "collected"]) & models.Q(closed_at__isnull=True)),
                name="sites_donationoffer_closed_at_when_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["site", "status", "created_at"], name="sites_offer_site_status_idx"),
            models.Index(fields=["closed_at"], name="sites_offer_closed_idx"),
        ]

    def __str__(self):
        return f"{self.name}: {self.what[:40]}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    @property
    def place(self) -> str:
        return arrondissement_label(self.arrondissement) if self.arrondissement else self.town


class OfferMessage(Message):
    """One email to a donor, recorded before it is sent so it goes out once and is never lost (donations.mail)."""

    # Kinds of message to a donor: a plain column, no choices, so a new kind needs no migration.
    ANSWER = "answer"  # a coordinator's prepared reply
    ACKNOWLEDGEMENT = "acknowledgement"  # "we received your offer", sent when it comes in

    offer = models.ForeignKey(DonationOffer, on_delete=models.CASCADE, related_name="messages", verbose_name=_("offer"))
    reply = models.ForeignKey(
        OfferReply, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reply")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    kind = models.CharField(_("kind"), max_length=32, default=ANSWER, editable=False)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        db_table = "sites_offermessage"
        verbose_name = _("message to a donor")
        verbose_name_plural = _("messages to donors")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="sites_offermsg_due_idx")]

    def __str__(self):
        return self.subject


class OfferNotice(Message):
    """One email telling a site's coordinators about new offers: the offers that come in while it is collecting
    (frozen_at empty) join it, so several offers within the hour make one message. Sent once through the outbox
    (donations.mail); the claim closes it to new offers (donations.notices)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="offer_notices", verbose_name=_("site"))
    due_at = models.DateTimeField(_("due at"))
    frozen_at = models.DateTimeField(_("closed to new offers at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message to coordinators about offers")
        verbose_name_plural = _("messages to coordinators about offers")
        ordering = ["created_at", "pk"]
        constraints = [
            # Two offers arriving at once join the same notice instead of opening one each.
            models.UniqueConstraint(
                fields=["site"], condition=models.Q(frozen_at=None), name="donations_offernotice_one_collecting"
            ),
        ]
        indexes = [models.Index(fields=["sent_at", "due_at"], name="donations_offernotice_due_idx")]

    def __str__(self):
        return f"{self.site}: {self.created_at:%Y-%m-%d %H:%M}"
