from allauth.account.adapter import DefaultAccountAdapter

from . import services


class VolunteerAccountAdapter(DefaultAccountAdapter):
    """allauth, configured: a new account is stored once, complete, through volunteers.services.

    The signup form has already checked the same rules (services.validate_birth_date), so a refusal
    here would be a bug; services.register raises rather than store a half-made account.
    """

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        if not commit:
            return user
        profile = form.profile_data() if hasattr(form, "profile_data") else {}
        return services.register(volunteer=user, profile=profile)
