"""Admin for stays, their bed-nights and the accommodations. Every write goes through stays.services, so the
rules (age, dates, overlap, beds, shifts) hold here as on the pages."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sites.models import Accommodation

from . import services
from .models import Stay, StayNight


class StayNightInline(admin.TabularInline):
    model = StayNight
    fields = ("night", "accommodation", "bed")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("accommodation")


class StayAddForm(forms.ModelForm):
    class Meta:
        model = Stay
        fields = ("volunteer", "site", "arrives_on", "leaves_on", "needs_bed", "arrival_time", "travel", "note")

    def clean(self):
        cleaned = super().clean()
        # The service both checks and writes, so the form asks it here and keeps the result for save_model:
        # the rules answer on the form, never as an error page. Rolled back if anything after it fails.
        required = ("volunteer", "site", "arrives_on", "leaves_on")
        if self.errors or any(cleaned.get(name) is None for name in required):
            return cleaned
        try:
            self.planned = services.plan_stay(
                volunteer=cleaned["volunteer"],
                site=cleaned["site"],
                arrives_on=cleaned["arrives_on"],
                leaves_on=cleaned["leaves_on"],
                needs_bed=cleaned.get("needs_bed", False),
                by=self.request_user,
                arrival_time=cleaned.get("arrival_time"),
                travel=cleaned.get("travel", ""),
                note=cleaned.get("note", ""),
            )
        except services.StayRefused as refusal:
            raise forms.ValidationError(refusal.messages, code=refusal.code) from refusal
        return cleaned


class StayChangeForm(forms.ModelForm):
    class Meta:
        model = Stay
        fields = ("arrives_on", "leaves_on", "arrival_time", "travel", "note")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            if {"arrives_on", "leaves_on"} & set(self.changed_data):
                services.change_stay(
                    stay=self.instance,
                    arrives_on=cleaned["arrives_on"],
                    leaves_on=cleaned["leaves_on"],
                    by=self.request_user,
                )
        except services.StayRefused as refusal:
            raise forms.ValidationError(refusal.messages, code=refusal.code) from refusal
        return cleaned


@admin.register(Stay)
class StayAdmin(admin.ModelAdmin):
    list_display = ("volunteer", "site", "arrives_on", "leaves_on", "nights", "needs_bed", "status")
    list_filter = ("site", "status", "needs_bed", "travel", ("arrives_on", admin.DateFieldListFilter))
    date_hierarchy = "arrives_on"
    search_fields = ("volunteer__first_name", "volunteer__last_name", "volunteer__email")
    list_select_related = ("volunteer", "site")
    raw_id_fields = ("volunteer",)
    inlines = [StayNightInline]
    actions = ["cancel_stays"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = StayChangeForm if obj is not None else StayAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request_user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("volunteer", "site", "needs_bed", "status", "cancelled_at", "cancelled_by", "reminder_sent_at")

    def get_fields(self, request, obj=None):
        if obj is None:
            return StayAddForm.Meta.fields
        return ("volunteer", "site", "needs_bed", "status", *StayChangeForm.Meta.fields, "reminder_sent_at")

    def save_model(self, request, obj, form, change):
        if not change:
            # Already saved by plan_stay in the form's clean(): admin goes on with this object (its pk, its log).
            obj.__dict__.update(form.planned.__dict__)
            return
        # Dates went through change_stay in the form; the rest has no rule beyond the fields'.
        services.update_details(
            stay=obj,
            by=request.user,
            arrival_time=form.cleaned_data.get("arrival_time"),
            travel=form.cleaned_data.get("travel", ""),
            note=form.cleaned_data.get("note", ""),
        )

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: the stay stays on record and its beds are freed

    @admin.action(description=_("Cancel the selected stays (their beds are freed)"))
    def cancel_stays(self, request, queryset):
        done, refused = 0, []
        for stay in queryset.select_related("site", "volunteer"):
            try:
                services.cancel_stay(stay=stay, by=request.user)
            except services.StayRefused as refusal:
                refused.append(f"{stay}: {' '.join(refusal.messages)}")
            else:
                done += 1
        if done:
            self.message_user(request, gettext("%(count)d stays cancelled.") % {"count": done}, messages.SUCCESS)
        if refused:
            self.message_user(request, " | ".join(refused), messages.WARNING)


@admin.register(StayNight)
class StayNightAdmin(admin.ModelAdmin):
    """Read-only: nights are held and freed by the stays they belong to."""

    list_display = ("night", "accommodation", "bed", "stay")
    list_filter = ("accommodation__site", "accommodation", ("night", admin.DateFieldListFilter))
    date_hierarchy = "night"
    list_select_related = ("accommodation__site", "stay__volunteer", "stay__site")
    search_fields = ("stay__volunteer__first_name", "stay__volunteer__last_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AccommodationForm(forms.ModelForm):
    class Meta:
        model = Accommodation
        fields = ("site", "name", "address", "beds", "price_per_night", "house_rules", "house_rules_fr", "is_active")


# Registered here rather than in sites/admin.py: its beds are the stays' business (change_beds).
@admin.register(Accommodation)
class AccommodationAdmin(admin.ModelAdmin):
    form = AccommodationForm
    list_display = ("name", "site", "beds", "price_per_night", "is_active")
    list_filter = ("site", "is_active")
    list_select_related = ("site",)

    def save_model(self, request, obj, form, change):
        if not change or "beds" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        beds = obj.beds
        obj.beds = form.initial["beds"]
        super().save_model(request, obj, form, change)  # everything but the beds
        try:
            services.change_beds(accommodation=obj, beds=beds, by=request.user)
        except services.StayRefused as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
        obj.refresh_from_db()
