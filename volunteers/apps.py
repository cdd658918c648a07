from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("volunteers")

    def ready(self):
        # Every app's personal_data module, found once every app is loaded (volunteers/personal_data.py).
        from . import personal_data

        personal_data.discover()
