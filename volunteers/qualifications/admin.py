"""Django admin for qualifications. Grants and revocations go through the services, like every other path:
the add form records a grant with grant_qualification, the action revokes with revoke_qualification, and a
recorded grant is never edited or deleted (the record stays)."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from volunteers.models import CheckRequest, Qualification, QualificationGrant

from . import services


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ("name", "name_fr", "slug", "needs_check", "validity_days", "position")
    prepopulated_fields = {"slug": ("name",)}


class GrantAdminForm(forms.ModelForm):
    class Meta:
        model = QualificationGrant
        fields = ("volunteer", "qualification", "valid_until", "note")

    def clean(self):
        cleaned = super().clean()
        volunteer, qualification = cleaned.get("volunteer"), cleaned.get("qualification")
        if volunteer is not None and qualification is not None:
            # The early, readable answer; grant_qualification checks again under its lock.
            services.check_grantable(
                volunteer=volunteer, qualification=qualification, by=self.user, valid_until=cleaned.get("valid_until")
            )
        return cleaned


@admin.register(QualificationGrant)
class QualificationGrantAdmin(admin.ModelAdmin):
    form = GrantAdminForm
    list_display = ("volunteer", "qualification", "granted_on", "valid_until", "granted_by", "revoked_at", "revoked_by")
    list_filter = ("qualification", "revoked_at")
    search_fields = ("volunteer__first_name", "volunteer__last_name", "volunteer__email")
    list_select_related = ("volunteer", "qualification", "granted_by", "revoked_by")
    autocomplete_fields = ("volunteer",)
    readonly_fields = ("granted_by", "granted_on", "created_at", "revoked_at", "revoked_by")
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # a recorded grant is the record: revoke it, never rewrite it
            return ("volunteer", "qualification", "valid_until", "note", *self.readonly_fields)
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        grant = services.grant_qualification(
            volunteer=obj.volunteer,
            qualification=obj.qualification,
            by=request.user,
            valid_until=obj.valid_until,
            note=obj.note,
        )
        obj.pk = grant.pk
        obj.granted_on, obj.valid_until, obj.granted_by = grant.granted_on, grant.valid_until, grant.granted_by

    @admin.action(description=_("Revoke the selected qualifications"))
    def revoke(self, request, queryset):
        done, refused = 0, []
        for grant in queryset.select_related("volunteer", "qualification"):
            try:
                services.revoke_qualification(grant=grant, by=request.user)
            except services.QualificationRefused as refusal:
                refused.append(f"{grant}: {' '.join(refusal.messages)}")
            else:
                done += 1
        if done:
            self.message_user(request, gettext("%(count)d revoked.") % {"count": done}, messages.SUCCESS)
        if refused:
            self.message_user(request, " | ".join(refused), messages.ERROR)


@admin.register(CheckRequest)
class CheckRequestAdmin(admin.ModelAdmin):
    list_display = ("volunteer", "qualification", "site", "status", "requested_at", "closed_at", "closed_by")
    list_filter = ("status", "site", "qualification")
    list_select_related = ("volunteer", "qualification", "site", "closed_by")
    readonly_fields = ("volunteer", "qualification", "site", "status", "requested_at", "closed_at", "closed_by")

    def has_add_permission(self, request):
        return False  # people ask from their profile
