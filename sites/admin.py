from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Closure, CollectionPoint, DonationOffer, Mission, Need, OfferMessage, OfferReply, Site, TeamNeed


class MissionInline(admin.TabularInline):
    model = Mission
    fields = ("name", "slug", "min_experience", "min_to_run", "needs_safe_return", "is_briefing", "position")
    extra = 0
    show_change_link = True


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "timezone", "address", "reminder_hours", "requires_briefing")
    search_fields = ("name", "slug", "address")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("coordinators",)
    inlines = [MissionInline]


class TeamNeedInline(admin.TabularInline):
    model = TeamNeed
    fields = ("qualification", "count")
    extra = 0


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "site",
        "min_experience",
        "min_to_run",
        "needs_experienced",
        "needs_safe_return",
        "is_briefing",
        "collection_point",
    )
    list_filter = ("site", "needs_safe_return", "is_briefing", "required_qualifications")
    autocomplete_fields = ("collection_point",)
    search_fields = ("name", "name_fr", "description")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("site", "collection_point")
    filter_horizontal = ("required_qualifications",)
    inlines = [TeamNeedInline]


class ClosureAdminForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ("site", "mission", "date", "reason")

    def clean_date(self):
        day = self.cleaned_data["date"]
        services.check_closure_day(day)  # the same bounds as the roster's form
        return day


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    form = ClosureAdminForm
    list_display = ("date", "site", "mission", "reason")
    list_filter = ("site",)
    date_hierarchy = "date"
    list_select_related = ("site", "mission")


# --- donations ---------------------------------------------------------------------------------------


@admin.register(CollectionPoint)
class CollectionPointAdmin(admin.ModelAdmin):
    list_display = ("name", "arrondissement", "address", "site", "is_active")
    list_filter = ("site", "is_active", "arrondissement")
    search_fields = ("name", "address")
    list_select_related = ("site",)


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
    fields = ("subject", "sent_by", "created_at", "sent_at", "attempts", "last_error")
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
    """Offers change status through sites.services (the actions), which keeps the retention date right."""

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
