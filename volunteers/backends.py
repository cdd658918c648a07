"""Authentication backends: Django's and allauth's, loading the logged-in person in a single query.

Every page's navigation asks whether the person coordinates a site. Loading that with the person, on the
query each request makes anyway, saves a query on every page a logged-in person opens.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends
from django.db.models import Exists, OuterRef

from .models import Volunteer


class _LoadsCoordinatorFlag:
    def get_user(self, user_id):
        coordinates = Volunteer.coordinated_sites.through.objects.filter(volunteer_id=OuterRef("pk"))
        try:
            user = Volunteer._default_manager.annotate(_coordinates_a_site=Exists(coordinates)).get(pk=user_id)
        except Volunteer.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_LoadsCoordinatorFlag, backends.ModelBackend):
    pass


class AuthenticationBackend(_LoadsCoordinatorFlag, AllauthBackend):
    pass
