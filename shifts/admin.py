from django import forms
from django.contrib import admin, messages
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from volunteers.admin import VolunteerAdmin

from . import services
from .messaging import kinds
from .models import BriefingWaiver, Notification, Shift, ShiftTemplate, Signup


def _run_on_each(modeladmin, request, queryset, *, operation, done_message):
    """Apply `operation` to each row through the services; a refused row does not stop the others.

    The user is told how many rows went through and, for each refused one, which and why.
    """
    done, refused = 0, []
    for obj in queryset:
        try:
            operation(obj)
        except services.SignupRefused as refusal:
            refused.append(f"{obj}: {' '.join(refusal.messages)}")
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
    if refused:
        modeladmin.message_user(
            request,
            gettext("%(count)d refused: %(rows)s") % {"count": len(refused), "rows": " | ".join(refused)},
            messages.ERROR if not done else messages.WARNING,
        )


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


class ShiftAdminForm(forms.ModelForm):
    class Meta:
        model = Shift
        fields = ("mission", "starts_at", "ends_at", "capacity", "notes")

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity is not None and capacity < self.instance.confirmed_count:
            raise forms.ValidationError(
                _(
                    "%(confirmed)d people are confirmed on this shift: the capacity cannot be lower than that. "
                    "Move or cancel someone first."
                ),
                params={"confirmed": self.instance.confirmed_count},
                code="capacity_below_confirmed",
            )
        return capacity


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    form = ShiftAdminForm
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
    inlines = [SignupInline]
    actions = ["cancel_shifts"]

    def has_delete_permission(self, request, obj=None):
        # A deleted shift would take its sign-ups with it without telling anyone: cancel it instead.
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("confirmed_count",)
        # Seats and cancellation change only through shifts.services (cancel with the action).
        return ("mission", "confirmed_count", "is_cancelled")

    @admin.display(description=_("site"), ordering="mission__site__name")
    def site_name(self, obj):
        return obj.mission.site.name

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        changes = {f: form.cleaned_data[f] for f in form.changed_data if f in services.SHIFT_EDITABLE_FIELDS}
        if not changes:
            return
        try:
            services.update_shift(shift=obj, by=request.user, **changes)
        except services.SignupRefused as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
        obj.refresh_from_db()

    @admin.action(description=_("Cancel the selected shifts (the people on them are told)"))
    def cancel_shifts(self, request, queryset):
        _run_on_each(
            self,
            request,
            queryset.select_related("mission__site"),
            operation=lambda shift: services.cancel_shift(shift=shift, by=request.user),
            done_message=gettext("%(count)d shifts cancelled."),
        )


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(admin.ModelAdmin):
    list_display = ("mission", "weekday", "start_time", "end_time", "capacity", "is_active")
    list_filter = ("mission__site", "mission", "weekday", "is_active")
    list_select_related = ("mission__site",)


class SignupAddForm(forms.ModelForm):
    """Adding a sign-up in admin: the rules answer on the form; the save goes through sign_up."""

    class Meta:
        model = Signup
        fields = ("shift", "volunteer")

    def clean(self):
        cleaned = super().clean()
        shift, volunteer = cleaned.get("shift"), cleaned.get("volunteer")
        if shift is not None and volunteer is not None:
            try:
                services.check_bookable(volunteer=volunteer, shift=shift)
            except services.SignupRefused as refusal:
                raise forms.ValidationError(refusal.messages, code=refusal.code) from refusal
        return cleaned

    def validate_unique(self):
        # The one-active-sign-up constraint is checked by check_bookable with a readable message.
        pass


@admin.register(Signup)
class SignupAdmin(admin.ModelAdmin):
    # What a reviewer needs, narrow enough to fit 1280 px beside admin's two sidebars: the shift's start and
    # mission in one cell instead of its long name. Late cancellations are a filter; reminders and attempts
    # are on each sign-up's page.
    list_display = ("person", "shift_starts", "site_name", "status", "attendance")
    list_display_links = ("person", "shift_starts")
    list_filter = ("shift__mission__site", "shift__mission", "status", "attendance", "is_late_cancellation")
    date_hierarchy = "shift__starts_at"
    # The shifts to come and the latest first, not the oldest sign-ups.
    ordering = ("-shift__starts_at", "-pk")
    search_fields = ("volunteer__first_name", "volunteer__last_name", "volunteer__email", "volunteer__phone")
    list_select_related = ("volunteer", "shift__mission__site")
    autocomplete_fields = ("volunteer",)
    raw_id_fields = ("shift",)
    actions = ["confirm_signups", "cancel_signups", "mark_present", "mark_no_show"]

    def has_delete_permission(self, request, obj=None):
        # Deleting a confirmed sign-up would leave its seat counted and promote nobody from the waiting list:
        # cancel it instead (services.cancel, the action above).
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = SignupAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("shift", "volunteer")
        return (
            "shift",
            "volunteer",
            "status",
            "attendance",
            "note",
            "booked_by",
            "created_at",
            "cancelled_at",
            "cancelled_by",
            "is_late_cancellation",
            "reminder_sent_at",
            "reminder_attempts",
            "reminder_last_error",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # Seats and attendance change only through the rules (shifts.services): use the actions.
        return (
            "shift",
            "volunteer",
            "status",
            "attendance",
            "booked_by",
            "created_at",
            "cancelled_at",
            "cancelled_by",
            "is_late_cancellation",
            "reminder_sent_at",
            "reminder_attempts",
            "reminder_last_error",
        )

    @admin.display(description=_("site"), ordering="shift__mission__site__name")
    def site_name(self, obj):
        return obj.shift.mission.site.name

    # Not the `volunteer` field itself: admin never wraps a foreign key's cell, and long names pushed the
    # status and attendance out of sight.
    @admin.display(description=_("volunteer"), ordering="volunteer__first_name")
    def person(self, obj):
        return str(obj.volunteer)

    @admin.display(description=_("shift"), ordering="shift__starts_at")
    def shift_starts(self, obj):
        # When (in the site's own time zone, as the roster shows it) over what, in one narrow cell.
        start = obj.shift.local_starts_at
        return format_html(
            "{} {}<br>{}",
            date_format(start, "SHORT_DATE_FORMAT"),
            start.strftime("%H:%M"),
            obj.shift.mission.display_name,
        )

    def save_model(self, request, obj, form, change):
        if change:
            if "note" in form.changed_data:
                services.set_note(signup=obj, note=form.cleaned_data["note"], by=request.user)
            return
        try:
            signup = services.sign_up(volunteer=obj.volunteer, shift=obj.shift, by=request.user)
        except services.SignupRefused as refusal:
            # The form checked the rules; this is a race lost between the form and the save.
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            obj.pk = None
            return
        obj.pk = signup.pk
        obj.refresh_from_db()
        if signup.status == Signup.Status.WAITLISTED:
            self.message_user(
                request, gettext("The shift is full: %(name)s is on the waiting list.") % {"name": obj.volunteer}
            )

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def _signups(self, queryset):
        # In sign-up order whatever the list shows (newest shifts first): seats go first come, first served.
        return queryset.select_related("volunteer", "shift__mission__site").order_by("created_at", "pk")

    @admin.action(description=_("Confirm the selected sign-ups (if a seat is free)"))
    def confirm_signups(self, request, queryset):
        _run_on_each(
            self,
            request,
            self._signups(queryset),
            operation=lambda signup: services.confirm(signup=signup, by=request.user),
            done_message=gettext("%(count)d sign-ups confirmed."),
        )

    @admin.action(description=_("Cancel the selected sign-ups"))
    def cancel_signups(self, request, queryset):
        _run_on_each(
            self,
            request,
            self._signups(queryset),
            operation=lambda signup: services.cancel(signup=signup, by=request.user),
            done_message=gettext("%(count)d sign-ups cancelled."),
        )

    @admin.action(description=_("Mark the selected people present"))
    def mark_present(self, request, queryset):
        _run_on_each(
            self,
            request,
            self._signups(queryset),
            operation=lambda signup: services.mark_attendance(
                signup=signup, attendance=Signup.Attendance.PRESENT, by=request.user
            ),
            done_message=gettext("%(count)d marked present."),
        )

    @admin.action(description=_("Mark the selected people as no-shows"))
    def mark_no_show(self, request, queryset):
        _run_on_each(
            self,
            request,
            self._signups(queryset),
            operation=lambda signup: services.mark_attendance(
                signup=signup, attendance=Signup.Attendance.NO_SHOW, by=request.user
            ),
            done_message=gettext("%(count)d marked as no-shows."),
        )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("kind_label", "recipient", "shift", "created_at", "sent_at", "attempts", "last_error")
    list_filter = ("kind", "sent_at")
    search_fields = ("recipient__email", "recipient__last_name")
    list_select_related = ("recipient", "shift__mission__site")
    readonly_fields = [f.name for f in Notification._meta.fields]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, notification):
        # The kinds are registered by the parts that own them (shifts.messaging.kinds), not listed on the column.
        kind = kinds.KINDS.get(notification.kind)
        return kind.label if kind is not None and kind.label else notification.kind


class BriefingWaiverForm(forms.ModelForm):
    class Meta:
        model = BriefingWaiver
        fields = ("volunteer", "site", "reason")


@admin.register(BriefingWaiver)
class BriefingWaiverAdmin(admin.ModelAdmin):
    """Waivers are recorded through shifts.services.waive_briefing, with who and why."""

    form = BriefingWaiverForm
    list_display = ("volunteer", "site", "reason", "waived_by", "created_at")
    list_filter = ("site",)
    search_fields = ("volunteer__email", "volunteer__first_name", "volunteer__last_name", "reason")
    list_select_related = ("volunteer", "site", "waived_by")
    autocomplete_fields = ("volunteer",)

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        waiver = services.waive_briefing(volunteer=obj.volunteer, site=obj.site, reason=obj.reason, by=request.user)
        obj.pk = waiver.pk


class SignupInline(admin.TabularInline):
    model = Signup
    fk_name = "volunteer"
    fields = ("shift", "status", "attendance", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("-shift__starts_at",)

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("shift__mission__site")


# The person's page in the admin lists their sign-ups first (volunteers/ knows nothing of sign-ups).
VolunteerAdmin.inlines = [SignupInline, *VolunteerAdmin.inlines]
