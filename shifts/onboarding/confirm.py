"""The confirmation link of a newcomer who registered from a shift's page: one tap confirms the address, logs
them in (volunteers.confirm_email) and books that shift, through shifts.services.sign_up like the shift page's
own button. The page says which shift; a second button only confirms. Booking needs that tap (a POST): a mail
scanner opening the link books nobody.
"""

import re
from urllib.parse import urlsplit

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

from shifts import selectors, services
from shifts.models import Shift, Signup
from volunteers.confirm_email import ConfirmEmailAndLogIn, safe_next

SHIFT_PAGE = re.compile(r"/shifts/([0-9]{1,10})/")


class ConfirmAndBook(ConfirmEmailAndLogIn):
    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["shift_to_book"] = self._shift() if context.get("can_confirm") else None
        return context

    def _shift(self) -> Shift | None:
        """The shift the person registered from (the page the link goes back to), while one can still join it."""
        next_page = safe_next(self.request)
        found = SHIFT_PAGE.fullmatch(urlsplit(next_page).path) if next_page else None
        if found is None:
            return None
        return (
            Shift.objects.select_related("mission__site")
            .filter(pk=int(found[1]), is_cancelled=False, starts_at__gt=timezone.now())
            .first()
        )

    def respond(self, success):
        response = super().respond(success)
        person = self.request.user
        if success and self.request.POST.get("book") and person.pk == self.object.email_address.user_id:
            shift = self._shift()
            if shift is not None:
                self._book(person, shift)
        return response

    def _book(self, person, shift: Shift) -> None:
        try:
            booked = services.sign_up(volunteer=person, shift=shift)
        except services.SignupRefused as refusal:
            # The shift's page, where the link lands, offers what the refusal asks (an emergency contact...).
            messages.error(self.request, " ".join(refusal.messages))
            return
        if booked.status == Signup.Status.CONFIRMED:
            messages.success(
                self.request, _("You are booked: %(shift)s. Thank you!") % {"shift": selectors.describe_shift(shift)}
            )
        else:
            messages.warning(
                self.request,
                _("The shift is full: you are number %(position)d on the waiting list.")
                % {"position": selectors.waitlist_position(booked)},
            )


confirm_email = ConfirmAndBook.as_view()
