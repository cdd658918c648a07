"""Input shape for the donations pages. The rules (routing, what may change) live in donations.services."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from sites.models import PARIS_ARRONDISSEMENTS, Site, arrondissement_label

from .models import DonationOffer, Need, OfferReply


def arrondissement_choices(empty_label):
    # A callable: the labels are built in the language of the request.
    def choices():
        return [("", empty_label)] + [(str(n), arrondissement_label(n)) for n in PARIS_ARRONDISSEMENTS]

    return choices


class ArrondissementFilterForm(forms.Form):
    """The public page's filter: a plain GET select, no JavaScript needed."""

    arrondissement = forms.TypedChoiceField(
        label=_("Arrondissement"),
        choices=arrondissement_choices(_("All arrondissements")),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def selected(self) -> int | None:
        return self.cleaned_data["arrondissement"] if self.is_valid() else None


class DonationOfferForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneNumberField(
        label=_("Phone"),
        required=False,
        region="FR",
        help_text=_("An email address or a phone number: at least one, so we can answer."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    what = forms.CharField(
        label=_("What would you like to give?"),
        max_length=1000,
        help_text=_("For example: men's winter coats, sizes M and L; new socks; sleeping bags."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    quantity = forms.ChoiceField(
        label=_("Roughly how much?"), choices=DonationOffer.Quantity.choices, widget=forms.RadioSelect
    )
    arrondissement = forms.TypedChoiceField(
        label=_("In Paris: your arrondissement"),
        choices=arrondissement_choices(_("Not in Paris")),
        coerce=int,
        empty_value=None,
        required=False,
    )
    town = forms.CharField(
        label=_("Elsewhere: your town"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    site = forms.ModelChoiceField(
        label=_("Elsewhere: which site is it for?"),
        queryset=Site.objects.all(),
        required=False,
        empty_label=_("Choose a site"),
        help_text=_("Offers from Paris go to Porte de la Chapelle."),
    )
    availability = forms.CharField(
        label=_("When are you available?"),
        max_length=300,
        help_text=_("For example: weekday evenings after 6 pm, or Saturday morning."),
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots that fill in every field.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        contact_given = data.get("email") or data.get("phone") or {"email", "phone"} & set(self.errors)
        if not contact_given:
            self.add_error("email", _("Give an email address or a phone number so we can answer."))
        if data.get("arrondissement") is None and "arrondissement" not in self.errors:
            if not data.get("town"):
                self.add_error("town", _("Choose your arrondissement of Paris, or write your town."))
            if not data.get("site"):
                self.add_error("site", _("Choose the site your donation is for."))
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = ["item", "item_fr", "urgency"]


class NeedMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("up")), ("down", _("down"))])


class OfferStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Mark as"), choices=DonationOffer.Status.choices)


class OfferAnswerForm(forms.Form):
    reply = forms.ModelChoiceField(label=_("Prepared reply"), queryset=OfferReply.objects.none(), empty_label=None)
    note = forms.CharField(
        label=_("Personal note (optional)"),
        max_length=1000,
        required=False,
        help_text=_("Added below the reply: a day and time, a place..."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, site: Site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply"].queryset = OfferReply.objects.filter(Q(site=None) | Q(site=site), is_active=True)
        self.fields["reply"].label_from_instance = lambda reply: reply.display_name
