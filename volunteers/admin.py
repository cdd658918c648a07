from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import QualificationGrant, Volunteer


@admin.register(Volunteer)
class VolunteerAdmin(UserAdmin):
    ordering = ("last_name", "first_name")
    list_display = ("email", "first_name", "last_name", "phone", "birth_date", "is_walk_in", "is_staff", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "is_walk_in", "coordinated_sites")
    search_fields = ("email", "first_name", "last_name", "phone")
    date_hierarchy = "date_joined"
    readonly_fields = ("last_login", "date_joined", "anonymised_at", "last_activity_at")
    inlines = []  # the apps above add theirs (shifts/admin.py: the person's sign-ups)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Person"),
            {"fields": ("first_name", "last_name", "birth_date", "phone", "languages")},
        ),
        (_("Emergency contact"), {"fields": ("emergency_contact_name", "emergency_contact_phone")}),
        (_("Messages"), {"fields": ("preferred_language", "sms_reminders", "urgent_calls")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("History"), {"fields": ("is_walk_in", "last_login", "date_joined", "last_activity_at", "anonymised_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "birth_date", "password1", "password2"),
            },
        ),
    )


# --- The charter: versions are written as drafts and published with the action, never edited after. ---

from django.contrib import messages  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.utils.translation import gettext  # noqa: E402

from . import charter as charters  # noqa: E402
from .models import Charter, CharterAcceptance  # noqa: E402


@admin.register(Charter)
class CharterAdmin(admin.ModelAdmin):
    list_display = ("version", "published_at", "acceptance_count")
    fields = ("version", "text", "text_fr", "changes", "changes_fr", "published_at")
    readonly_fields = ("published_at",)
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None):
        # People accepted a published text: it stays as it was. Write the next version instead.
        if obj is not None and obj.is_published:
            return self.fields
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    @admin.display(description=_("acceptances"))
    def acceptance_count(self, obj):
        return obj.acceptances.count()

    @admin.action(description=_("Publish the selected version"))
    def publish(self, request, queryset):
        for charter in queryset.order_by("version"):
            try:
                charters.publish_charter(charter=charter, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{charter}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(charter)s is published: volunteers accept it before their next sign-up.")
                    % {"charter": charter},
                    messages.SUCCESS,
                )


@admin.register(CharterAcceptance)
class CharterAcceptanceAdmin(admin.ModelAdmin):
    list_display = ("volunteer", "charter", "accepted_at", "recorded_by")
    list_filter = ("charter",)
    search_fields = ("volunteer__email", "volunteer__first_name", "volunteer__last_name")
    list_select_related = ("volunteer", "charter", "recorded_by")
    readonly_fields = ("volunteer", "charter", "accepted_at", "recorded_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QualificationGrantInline(admin.TabularInline):
    """What the person holds, read only: grants and revocations go through the qualification admin (services)."""

    model = QualificationGrant
    fk_name = "volunteer"
    fields = ("qualification", "granted_on", "valid_until", "granted_by", "revoked_at", "revoked_by")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("qualification", "granted_by", "revoked_by")


VolunteerAdmin.inlines = [*VolunteerAdmin.inlines, QualificationGrantInline]

from .qualifications import admin as qualification_admin  # noqa: E402, F401  (registers its models)
