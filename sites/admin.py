from django import forms
from django.contrib import admin

from . import services
from .models import Closure, Mission, Site, TeamNeed


class MissionInline(admin.TabularInline):
    model = Mission
    fields = ("name", "slug", "min_experience", "min_to_run", "needs_safe_return", "position")
    extra = 0
    show_change_link = True


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "timezone", "address", "reminder_hours")
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
    list_display = ("name", "site", "min_experience", "min_to_run", "needs_experienced", "needs_safe_return")
    list_filter = ("site", "needs_safe_return", "required_qualifications")
    search_fields = ("name", "name_fr", "description")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("site",)
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
