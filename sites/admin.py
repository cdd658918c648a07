from django.contrib import admin

from .models import Closure, Mission, Site


class MissionInline(admin.TabularInline):
    model = Mission
    fields = ("name", "slug", "min_experience", "requires_driving_licence", "is_briefing", "position")
    extra = 0
    show_change_link = True


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "timezone", "address", "reminder_hours", "requires_briefing")
    search_fields = ("name", "slug", "address")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("coordinators",)
    inlines = [MissionInline]


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ("name", "site", "min_experience", "requires_driving_licence", "is_briefing")
    list_filter = ("site", "requires_driving_licence", "is_briefing")
    search_fields = ("name", "name_fr", "description")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("site",)


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ("date", "site", "mission", "reason")
    list_filter = ("site",)
    date_hierarchy = "date"
    list_select_related = ("site", "mission")
