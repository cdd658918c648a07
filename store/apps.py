from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoreConfig(AppConfig):
    name = "store"
    verbose_name = _("store")
    default_auto_field = "django.db.models.BigAutoField"
