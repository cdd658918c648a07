from django.contrib import admin

from .models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ("subject", "to", "created_at", "sent_at", "attempts", "last_error")
    list_filter = ("sent_at",)
    search_fields = ("to",)
    # The text may hold a link that signs in: the list says what and to whom, not the words.
    exclude = ("text", "html")
    readonly_fields = ("to", "subject", "created_at", "claimed_at", "sent_at", "attempts", "last_error")

    def has_add_permission(self, request):
        return False
