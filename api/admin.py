from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "hint", "volunteer", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "volunteer__email"]
    list_select_related = ["volunteer"]
    readonly_fields = ["volunteer", "name", "hint", "created_at", "last_used_at", "revoked_at"]
    exclude = ["token_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # created by the coordinator on /me/, the only place the token is shown

    def has_change_permission(self, request, obj=None):
        return False  # read-only; revoking is the one change, through the action below

    def has_delete_permission(self, request, obj=None):
        return False  # kept as a record of what was issued

    def has_revoke_permission(self, request):
        return request.user.has_perm("api.change_apitoken")

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request, queryset):
        count = 0
        for api_token in queryset.filter(revoked_at__isnull=True):
            services.revoke_token(api_token=api_token, by=request.user)
            count += 1
        messages.success(
            request, ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count}
        )
