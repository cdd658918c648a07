from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import DonationOffer, Need, OfferMessage, OfferNotice, OfferReply


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ("item", "item_fr", "site", "urgency", "position", "updated_at")
    list_editable = ("urgency", "position")
    list_filter = ("site", "urgency")
    search_fields = ("item", "item_fr")
    list_select_related = ("site",)


@admin.register(OfferReply)
class OfferReplyAdmin(admin.ModelAdmin):
    list_display = ("name", "site", "sets_status", "is_active", "position")
    list_editable = ("is_active", "position")
    list_filter = ("site", "is_active")


class OfferMessageInline(admin.TabularInline):
    model = OfferMessage
    fields = ("kind", "subject", "sent_by", "created_at", "sent_at", "attempts", "last_error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _status_action(status: str, label):
    def action(modeladmin, request, queryset):
        changed = 0
        for offer in queryset:
            try:
                services.set_offer_status(offer=offer, status=status, by=request.user)
                changed += 1
            except ValidationError as refusal:
                modeladmin.message_user(request, f"{offer}: {' '.join(refusal.messages)}", messages.ERROR)
        modeladmin.message_user(request, _("%(count)d offers marked.") % {"count": changed})

    action.__name__ = f"mark_{status}"
    action.short_description = label
    return action


@admin.register(DonationOffer)
class DonationOfferAdmin(admin.ModelAdmin):
    """Offers change status through donations.services (the actions), which keeps the retention date right."""

    list_display = ("name", "site", "quantity", "place", "status", "created_at", "closed_at")
    list_filter = ("site", "status", "quantity")
    search_fields = ("name", "email", "what")
    date_hierarchy = "created_at"
    list_select_related = ("site",)
    readonly_fields = ("status", "created_at", "closed_at", "handled_by", "language")
    inlines = [OfferMessageInline]
    actions = [
        _status_action(DonationOffer.Status.ACCEPTED, _("Mark as accepted")),
        _status_action(DonationOffer.Status.DECLINED, _("Mark as declined")),
        _status_action(DonationOffer.Status.COLLECTED, _("Mark as collected")),
    ]

    @admin.display(description=_("where"))
    def place(self, offer):
        return offer.place


@admin.register(OfferNotice)
class OfferNoticeAdmin(admin.ModelAdmin):
    """What the coordinators were told about new offers, and when: written by donations.services only."""

    list_display = ("site", "created_at", "due_at", "sent_at", "attempts", "last_error")
    list_filter = ("site",)
    list_select_related = ("site",)
    readonly_fields = ("site", "created_at", "due_at", "frozen_at", "claimed_at", "sent_at", "attempts", "last_error")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
