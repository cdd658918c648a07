"""The store: donated goods counted from sorting to the shop, out to residents and partners.

Counts, never boxes, and no record of who received anything. `Movement` is the ledger (append-only: a mistake
is undone by a new movement that points at it); `Stock` is the running balance per site, product and place,
updated under a row lock in the same transaction as the movement, so stock is read in one cheap query.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from volunteers.localised import in_language


class Product(models.Model):
    class Category(models.TextChoices):
        CLOTHING = "clothing", _("Clothing")
        UNDERWEAR = "underwear", _("Underwear and socks")
        SHOES = "shoes", _("Shoes")
        BAGS = "bags", _("Bags")
        HYGIENE = "hygiene", _("Hygiene")
        BEDDING = "bedding", _("Bedding")
        OTHER = "other", _("Other")

    class Gender(models.TextChoices):
        WOMEN = "women", _("Women")
        MEN = "men", _("Men")
        GIRLS = "girls", _("Girls")
        BOYS = "boys", _("Boys")
        BABY = "baby", _("Baby")
        ANY = "any", _("Anyone")

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    name = models.CharField(_("name"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    gender = models.CharField(_("for"), max_length=10, choices=Gender.choices, default=Gender.ANY)
    size = models.CharField(_("size"), max_length=20, default="-", help_text=_("M, 42, 2-3 years, or - for none."))
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["category", "position", "name", "gender", "size"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name", "gender", "size"], name="store_product_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="store_product_named"),
        ]

    def __str__(self):
        return self.label

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_fr)

    @property
    def label(self) -> str:
        """Name, who for and size, in the page's language: "Jeans, Men, 42"."""
        parts = [self.display_name]
        if self.gender != self.Gender.ANY:
            parts.append(str(self.get_gender_display()))
        if self.size and self.size != "-":
            parts.append(self.size)
        return ", ".join(parts)


class Partner(models.Model):
    """An organisation the surplus goes to (never a person)."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        COLLECTIVE = "collective", _("Street collective")
        CAO = "cao", _("Reception centre (CAO)")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ASSOCIATION)
    city = models.CharField(_("city"), max_length=80, blank=True)
    contact = models.TextField(_("contact"), blank=True, help_text=_("The organisation's address, phone or email."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.city})" if self.city else self.name


class Transfer(models.Model):
    """Goods sent from a site's storage to a partner; its lines are movements."""

    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="store_transfers")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("partner"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # Nullable: erasing a person keeps the transfer and its counts, not their name.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.partner} {self.created_at:%Y-%m-%d}"


class Target(models.Model):
    """How many of a product a site wants on hand; under it, donors are asked (unless hidden)."""

    site = models.ForeignKey("sites.Site", on_delete=models.CASCADE, related_name="store_targets")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="targets", verbose_name=_("product"))
    level = models.PositiveIntegerField(_("level"), help_text=_("How many the site wants on hand."))
    hidden = models.BooleanField(_("hidden from donors"), default=False)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["site", "product"], name="store_target_one_per_product")]

    def __str__(self):
        return f"{self.product}: {self.level}"


class Place(models.TextChoices):
    STORAGE = "storage", _("Storage")
    SHOP = "shop", _("Shop")
    OUT = "out", _("Out")


class Movement(models.Model):
    """One product's change of place. Append-only: nothing updates or deletes a movement (the admin is read-only);
    an undo is a new movement the other way, with `undoes` set."""

    class Kind(models.TextChoices):
        SORTED = "sorted", _("Sorted into storage")
        TO_SHOP = "to_shop", _("To the shop")
        BACK_TO_STORAGE = "back_to_storage", _("Back to storage")
        DISTRIBUTED = "distributed", _("Distributed")
        TRANSFERRED = "transferred", _("Transferred")
        SCRAPPED = "scrapped", _("Scrapped")
        COUNTED = "counted", _("Stock-take")

    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="store_movements")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="movements", verbose_name=_("product"))
    quantity = models.PositiveIntegerField(_("quantity"))
    source = models.CharField(_("from"), max_length=10, choices=Place.choices)
    destination = models.CharField(_("to"), max_length=10, choices=Place.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("at"), db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    shift = models.ForeignKey("shifts.Shift", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, null=True, blank=True, related_name="lines")
    undoes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="undone_by", verbose_name=_("undoes")
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["site", "at"], name="store_movement_site_at")]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="store_movement_quantity_positive"),
            models.CheckConstraint(condition=~Q(source=F("destination")), name="store_movement_moves"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product} {self.source} → {self.destination}"


class Stock(models.Model):
    """What is on a site's shelves now, per product and place: the sum of the movements, kept by the services."""

    site = models.ForeignKey("sites.Site", on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    place = models.CharField(max_length=10, choices=Place.choices)
    quantity = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "product", "place"], name="store_stock_one_row"),
            # The backstop of "never below zero": even code that forgets the lock cannot go negative.
            models.CheckConstraint(condition=Q(quantity__gte=0), name="store_stock_never_negative"),
            models.CheckConstraint(condition=~Q(place="out"), name="store_stock_on_the_shelves"),
        ]

    def __str__(self):
        return f"{self.product} {self.place}: {self.quantity}"
