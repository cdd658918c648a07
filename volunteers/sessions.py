"""Sessions read from the cache and written through to the database (`cached_db`), with a logout that sticks.

Django's cached_db deletes the database row, then the cached copy. When Redis fails at that moment, the copy
stays, and once Redis answers again the old session cookie logs the person back in. Here, when the copy could
not be deleted, the person's session epoch moves (Volunteer.session_epoch, part of the session hash that
Django checks on every request): that copy, and the person's other sessions, stop logging anyone in. Logging
out everywhere is the price of a Redis failure during a logout; staying logged in would be worse.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.db.models import F


class SessionStore(CachedDBStore):
    def flush(self):
        # The person is known only before the data is cleared.
        user_id = self._session.get(SESSION_KEY)
        self._cached_copy_left = False
        super().flush()
        if self._cached_copy_left and user_id is not None:
            from .models import Volunteer

            Volunteer.objects.filter(pk=user_id).update(session_epoch=F("session_epoch") + 1)

    def delete(self, session_key=None):
        if session_key is None:
            session_key = self.session_key
        if session_key is None:
            return
        # The database row first: a stale copy in the cache is what the epoch above is for.
        super(CachedDBStore, self).delete(session_key)
        delete_or_report = getattr(self._cache, "delete_or_report", None)
        if delete_or_report is None:
            self._cache.delete(self.cache_key_prefix + session_key)
        elif not delete_or_report(self.cache_key_prefix + session_key):
            self._cached_copy_left = True
