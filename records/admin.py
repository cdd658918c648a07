from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["pk", "volunteer", "issued_at", "issued_by", "language", "volunteer_days", "revoked_at"]
    list_filter = ["language", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["full_name", "volunteer__email"]
    list_select_related = ["volunteer", "issued_by"]
    raw_id_fields = ["volunteer", "issued_by", "revoked_by"]
    readonly_fields = [
        "volunteer",
        "language",
        "issued_at",
        "issued_by",
        "full_name",
        "first_day",
        "last_day",
        "volunteer_days",
        "minutes",
        "revoked_at",
        "revoked_by",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # issued only through records.services, which gives the token to the person once

    def has_change_permission(self, request, obj=None):
        return False  # read-only; revoking is the one change, through the action below

    def has_delete_permission(self, request, obj=None):
        return False  # kept as a record of what was issued

    def has_revoke_permission(self, request):
        return request.user.has_perm("records.change_certificate")

    @admin.action(description=_("Revoke the selected certificates"), permissions=["revoke"])
    def revoke(self, request, queryset):
        count = 0
        for certificate in queryset.filter(revoked_at__isnull=True):
            services.revoke_certificate(certificate=certificate, by=request.user)
            count += 1
        messages.success(
            request,
            ngettext("%(count)d certificate revoked.", "%(count)d certificates revoked.", count) % {"count": count},
        )
