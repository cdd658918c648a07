from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaysConfig(AppConfig):
    name = "stays"
    verbose_name = _("stays")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from outbox import registry

        from . import messages, reminders  # noqa: F401 - messages registers the stay's message kind

        registry.register("stays.Stay", sweep=reminders.sweep_stay_reminders)
