"""What the team messages show: risks in words and the team's people, in the language being rendered."""

from django import template

from shifts.models import Signup
from shifts.teams.risks import labels_for
from volunteers.models import Qualification, Volunteer

register = template.Library()


@register.filter
def risk_words(codes, shift) -> list[str]:
    """`{{ extra.risks|risk_words:shift }}`: each risk code in words."""
    return labels_for(shift, list(codes or []))


@register.simple_tag
def team_of(shift) -> list[Signup]:
    """The confirmed people of `shift`, with their phones (coordinators' messages only)."""
    return list(Signup.objects.confirmed().filter(shift=shift).select_related("volunteer").order_by("created_at", "pk"))


@register.simple_tag
def qualification_named(slug) -> str:
    qualification = Qualification.objects.filter(slug=slug).first()
    return qualification.display_name if qualification else slug


@register.simple_tag
def person_named(pk) -> str:
    person = Volunteer.objects.filter(pk=pk).first()
    return (person.get_full_name() or person.public_name) if person else ""
