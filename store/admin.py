from django.contrib import admin

from .models import Movement, Partner, Product, Target, Transfer


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "name_fr", "category", "gender", "size", "is_active"]
    list_filter = ["category", "gender", "is_active"]
    search_fields = ["name", "name_fr", "size"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "city"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["product", "site", "level", "hidden"]
    list_filter = ["site", "hidden", "product__category"]
    list_select_related = ["product", "site"]
    autocomplete_fields = ["product"]


class ReadOnly(admin.ModelAdmin):
    """The ledger is append-only: admin shows it, the services alone write it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Movement)
class MovementAdmin(ReadOnly):
    list_display = ["at", "site", "product", "quantity", "source", "destination", "kind", "by"]
    list_filter = ["site", "kind", "product__category"]
    list_select_related = ["site", "product", "by"]
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(Transfer)
class TransferAdmin(ReadOnly):
    list_display = ["created_at", "site", "partner", "by"]
    list_filter = ["site", "partner"]
    list_select_related = ["site", "partner", "by"]
