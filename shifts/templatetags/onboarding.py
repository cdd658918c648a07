"""Onboarding pieces that pages and messages include with one line, computing what they show themselves."""

from django import template

from shifts import contact
from shifts.onboarding import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def onboarding_for(context, shift, my_signup=None):
    """The visitor's onboarding state on a shift's sign-up box (charter, briefing offer, guide, buddy)."""
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None:
        return selectors.ShiftPageOnboarding()
    return selectors.shift_page(user=user, shift=shift, my_signup=my_signup or None)


@register.simple_tag(takes_context=True)
def buddy_board(context, site, day):
    """The day's first-timers and who could be their buddy; admins see every name in full, as on the day's rows."""
    return selectors.buddy_board(site, day, viewer=_viewer(context))


@register.simple_tag(takes_context=True)
def buddy_choice(context, signup):
    """On one person's roster actions: their buddy and who could be one, when they are new at the site."""
    return selectors.buddy_choice(signup, viewer=_viewer(context))


def _viewer(context):
    return getattr(context.get("request"), "user", None)


@register.simple_tag
def buddy_for_mail(signup):
    """Who the person of `signup` looks after or is looked after by, for a message about that shift."""
    if signup is None:
        return selectors.BuddyInfo()
    return selectors.buddy_info(signup)


@register.simple_tag
def current_charter():
    from volunteers.charter import current_charter as latest

    return latest()


@register.simple_tag
def buddy_phone(person, shift):
    """`person`'s details for their buddy, as shifts.contact.buddy_contact hands them over (hidden before the day)."""
    if person is None or shift is None:
        return contact.HIDDEN
    return contact.buddy_contact(person, shift=shift)
