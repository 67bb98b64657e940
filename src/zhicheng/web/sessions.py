"""The database session store, with its one read per signed-in request composed once per thread."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.utils import timezone

from zhicheng import querycache


class SessionStore(DatabaseStore):
    def _get_session_from_db(self):
        model = self.model
        rows = querycache.fetch(("sessions.by_key", model._meta.label), lambda k: model.objects.filter(session_key=k),
                                self.session_key)
        if rows and rows[0].expire_date > timezone.now():
            return rows[0]
        self._session_key = None
        return None
