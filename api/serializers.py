"""What the API says. Times are ISO 8601 with the site's UTC offset; no serializer here names a volunteer except
the roster's, which only a site's coordinators reach."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shifts import contact
from shifts.models import Signup
from sites.models import Mission, Site
from utopia import inputs


def local_iso(value, site) -> str:
    return timezone.localtime(value, site.tz).isoformat()


class MissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mission
        fields = ["slug", "name", "name_fr", "description", "description_fr"]


class SiteSerializer(serializers.ModelSerializer):
    missions = MissionSerializer(many=True, read_only=True)

    class Meta:
        model = Site
        fields = ["slug", "name", "timezone", "address", "description", "description_fr", "missions"]


class NeedSerializer(serializers.Serializer):
    site = serializers.SlugField(help_text="The site's slug.")
    date = serializers.DateField(help_text="A day in the site's time zone.")
    shifts = serializers.IntegerField(help_text="Shifts still to start that day.")
    seats = serializers.IntegerField(help_text="People those shifts need.")
    confirmed = serializers.IntegerField(help_text="People booked on them.")
    missing = serializers.IntegerField(help_text="People still missing (seats minus confirmed).")


class GoodsAskedSerializer(serializers.Serializer):
    site = serializers.SlugField(help_text="The site's slug.")
    product = serializers.IntegerField(help_text="The product's id.")
    category = serializers.CharField()
    name = serializers.CharField(help_text="Name, who for and size, in the language asked (Accept-Language).")
    name_en = serializers.CharField()
    name_fr = serializers.CharField()
    size = serializers.CharField()
    missing = serializers.IntegerField(help_text="How many the site is short of its target.")


class NeedsSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    results = NeedSerializer(many=True)
    goods = GoodsAskedSerializer(
        many=True, help_text="Donated goods each site is short of (under its target), most short first per site."
    )


class ShiftSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    site = serializers.SlugField(source="mission.site.slug")
    site_name = serializers.CharField(source="mission.site.name")
    mission = serializers.SlugField(source="mission.slug")
    mission_name = serializers.CharField(source="mission.name")
    mission_name_fr = serializers.CharField(source="mission.name_fr")
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    capacity = serializers.IntegerField()
    confirmed = serializers.IntegerField(source="confirmed_count")
    seats_free = serializers.IntegerField(source="seats_left")
    url = serializers.SerializerMethodField(help_text="The shift's page, where volunteers sign up.")

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at(self, shift) -> str:
        return local_iso(shift.starts_at, shift.mission.site)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at(self, shift) -> str:
        return local_iso(shift.ends_at, shift.mission.site)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, shift) -> str:
        return f"{settings.SITE_URL}/shifts/{shift.pk}/"


class WindowDateField(serializers.DateField):
    """A day from a query string, read by utopia.inputs: outside its window, a 400 with the reason."""

    def to_internal_value(self, value):
        try:
            return inputs.parse_day(value)
        except inputs.InputRefused as refusal:
            raise serializers.ValidationError(str(refusal)) from None


class ShiftFilterSerializer(serializers.Serializer):
    site = serializers.SlugField(required=False, help_text="A site's slug.")
    mission = serializers.SlugField(required=False, help_text="A mission's slug.")
    date_from = WindowDateField(
        required=False, help_text="First day (YYYY-MM-DD, the site's time zone). Default: shifts not yet started."
    )
    date_to = WindowDateField(required=False, help_text="Last day, included (YYYY-MM-DD).")

    def validate_site(self, value):
        site = Site.objects.filter(slug=value).first()
        if site is None:
            raise serializers.ValidationError(_("There is no site with this slug."))
        return site

    def validate(self, attrs):
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"date_to": _("The last day comes before the first day.")})
        return attrs


class RosterPersonSerializer(serializers.ModelSerializer):
    first_name = serializers.CharField(source="volunteer.first_name")
    phone = serializers.SerializerMethodField(
        help_text="E.164, or empty: only for people who gave it to this site themselves (or came to a shift)."
    )

    class Meta:
        model = Signup
        fields = ["first_name", "phone", "status", "attendance"]

    def get_phone(self, signup) -> str:
        # The view asks shifts.contact once for the day; without its answer, nobody's phone.
        shown = signup.volunteer_id in self.context.get("contact_shown", ())
        return contact.contact_of(signup.volunteer, visible=shown).tel


class RosterShiftSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    mission = serializers.SlugField(source="mission.slug")
    mission_name = serializers.CharField(source="mission.name")
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    capacity = serializers.IntegerField()
    confirmed = serializers.IntegerField(source="confirmed_count")
    people = RosterPersonSerializer(source="active_signups", many=True)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at(self, shift) -> str:
        return local_iso(shift.starts_at, shift.mission.site)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at(self, shift) -> str:
        return local_iso(shift.ends_at, shift.mission.site)


class RosterSerializer(serializers.Serializer):
    site = serializers.SlugField()
    date = serializers.DateField()
    shifts = RosterShiftSerializer(many=True)


class StockLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="product.pk")
    category = serializers.CharField(source="product.category")
    name = serializers.CharField(source="product.name")
    name_fr = serializers.CharField(source="product.name_fr")
    gender = serializers.CharField(source="product.gender")
    size = serializers.CharField(source="product.size")
    storage = serializers.IntegerField()
    shop = serializers.IntegerField()
    target = serializers.IntegerField(source="target.level", allow_null=True, default=None)


class StockSerializer(serializers.Serializer):
    site = serializers.SlugField()
    products = StockLineSerializer(many=True)
