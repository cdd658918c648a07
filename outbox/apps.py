from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("outbox")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import emails, registry

        registry.register("outbox.Email", deliver=emails.deliver_email, sweep=emails.sweep_emails)
