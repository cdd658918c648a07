from django import forms
from django.contrib import admin

from . import services
from .models import Closure, CollectionPoint, Mission, Site, TeamNeed


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


# --- collection points (the rest of donations: donations/admin.py) ------------------------------------


@admin.register(CollectionPoint)
class CollectionPointAdmin(admin.ModelAdmin):
    list_display = ("name", "arrondissement", "address", "site", "is_active")
    list_filter = ("site", "is_active", "arrondissement")
    search_fields = ("name", "address")
    list_select_related = ("site",)
