from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import User
from .validators import normalize_id_number


class IdNumberOrUsernameBackend(ModelBackend):
    """Log in with 身份证号 (any case of the X) or user name."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        ident = username.strip()
        user = User.objects.filter(Q(username=ident) | Q(id_number=normalize_id_number(ident))).first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
