from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Notification, Shift, ShiftTemplate, Signup


class SignupInline(admin.TabularInline):
    model = Signup
    fields = ("volunteer", "status", "attendance", "created_at", "reminder_sent_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # New sign-ups go through the rules: use the sign-up admin's add form or the roster.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("volunteer")


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "mission",
        "site_name",
        "starts_at",
        "ends_at",
        "confirmed_count",
        "capacity",
        "is_cancelled",
    )
    list_filter = ("mission__site", "mission", "is_cancelled")
    date_hierarchy = "starts_at"
    search_fields = ("mission__name", "notes")
    list_select_related = ("mission__site",)
    readonly_fields = ("confirmed_count",)
    inlines = [SignupInline]

    @admin.display(description=_("site"), ordering="mission__site__name")
    def site_name(self, obj):
        return obj.mission.site.name


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(admin.ModelAdmin):
    list_display = ("mission", "weekday", "start_time", "end_time", "capacity", "is_active")
    list_filter = ("mission__site", "mission", "weekday", "is_active")
    list_select_related = ("mission__site",)


@admin.register(Signup)
class SignupAdmin(admin.ModelAdmin):
    list_display = (
        "volunteer",
        "shift",
        "site_name",
        "status",
        "attendance",
        "created_at",
        "reminder_sent_at",
        "reminder_attempts",
    )
    list_filter = ("status", "attendance", "shift__mission__site", "shift__mission", "is_late_cancellation")
    date_hierarchy = "shift__starts_at"
    search_fields = ("volunteer__first_name", "volunteer__last_name", "volunteer__email", "volunteer__phone")
    list_select_related = ("volunteer", "shift__mission__site")
    autocomplete_fields = ("volunteer",)
    raw_id_fields = ("shift",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("shift", "volunteer")
        return (
            "shift",
            "volunteer",
            "status",
            "attendance",
            "note",
            "created_at",
            "cancelled_at",
            "is_late_cancellation",
            "reminder_sent_at",
            "reminder_attempts",
            "reminder_last_error",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # Seats change only through the rules (shifts.services): status is not edited by hand.
        return (
            "shift",
            "volunteer",
            "status",
            "created_at",
            "cancelled_at",
            "is_late_cancellation",
            "reminder_sent_at",
            "reminder_attempts",
            "reminder_last_error",
        )

    @admin.display(description=_("site"), ordering="shift__mission__site__name")
    def site_name(self, obj):
        return obj.shift.mission.site.name

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            signup = services.sign_up(volunteer=obj.volunteer, shift=obj.shift, by=request.user)
        except services.SignupRefused as refusal:
            # The form already validated its shape; the rule's refusal is reported, nothing is saved.
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            obj.pk = None
            return
        obj.pk = signup.pk
        obj.status = signup.status

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("kind", "recipient", "shift", "created_at", "sent_at", "attempts", "last_error")
    list_filter = ("kind", "sent_at")
    search_fields = ("recipient__email", "recipient__last_name")
    list_select_related = ("recipient", "shift__mission__site")
    readonly_fields = [f.name for f in Notification._meta.fields]
