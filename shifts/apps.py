from django.apps import AppConfig


class ShiftsConfig(AppConfig):
    name = "shifts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from outbox import registry

        # Each part registers its own message kinds when imported.
        from .messaging import bookings, mail  # noqa: F401
        from .onboarding import messages as onboarding_messages  # noqa: F401
        from .teams import messages as team_messages  # noqa: F401

        registry.register("shifts.Notification", deliver=mail.deliver_notification, sweep=mail.sweep_notifications)
        registry.register("shifts.Signup", sweep=mail.sweep_reminders)
