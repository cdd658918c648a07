from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "donations"
    verbose_name = _("donations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from outbox import registry

        from . import mail

        registry.register("donations.OfferMessage", deliver=mail.deliver_offer_message, sweep=mail.sweep_offer_messages)
        registry.register("donations.OfferNotice", deliver=mail.deliver_offer_notice, sweep=mail.sweep_offer_notices)
