from django.apps import AppConfig


class ShiftsConfig(AppConfig):
    name = "shifts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from sites.models import Closure, Mission, Site
        from volunteers.models import Volunteer

        from . import fragments
        from .models import Shift, Signup

        # Cache upkeep only (shifts/fragments.py): no rule of the domain lives in a signal.
        receivers = {
            Shift: fragments.forget_shift,
            Signup: fragments.forget_signup,
            Volunteer: fragments.forget_person,  # the roster shows names, phones and languages
            Mission: fragments.forget,
            Site: fragments.forget,
            Closure: fragments.forget,
        }
        for model, receiver in receivers.items():
            post_save.connect(receiver, sender=model, dispatch_uid=f"fragments-save-{model.__name__}")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"fragments-delete-{model.__name__}")
