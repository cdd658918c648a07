"""Input shape for qualifications; volunteers.qualifications.services decides what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utopia.inputs import validate_in_window
from volunteers.forms import BirthDateInput
from volunteers.models import CheckRequest, Qualification

# The sites a check can be asked at: the model CheckRequest.site points to (the floor imports no app above it).
SITES = CheckRequest._meta.get_field("site").related_model.objects


class QualificationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class DeclaredForm(forms.Form):
    """/me/: tick the declared qualifications you hold."""

    held = forms.ModelMultipleChoiceField(
        label=_("I have"),
        queryset=Qualification.objects.filter(needs_check=False),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["held"].label_from_instance = lambda obj: obj.display_name


class CheckRequestForm(forms.Form):
    qualification = QualificationChoiceField(
        label=_("What to check"), queryset=Qualification.objects.filter(needs_check=True), empty_label=None
    )
    site = forms.ModelChoiceField(label=_("Where you will show your documents"), queryset=SITES.all(), empty_label=None)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class GrantForm(forms.Form):
    """A coordinator records a check they made (or a declared qualification) on a person's page."""

    qualification = QualificationChoiceField(label=_("Qualification"), queryset=Qualification.objects.all())
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=BirthDateInput(),
        input_formats=["%Y-%m-%d"],
        validators=[validate_in_window],
        help_text=_("Empty: the qualification's usual validity (or none)."),
        error_messages={"invalid": _("Enter the date as year-month-day, for example 2027-05-17.")},
    )
    note = forms.CharField(
        label=_("How it was checked"),
        max_length=200,
        required=False,
        help_text=_("For example: bulletin n°3 and sworn statement seen. Never write what a document says."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
