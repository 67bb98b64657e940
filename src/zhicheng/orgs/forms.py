from django import forms
from django.contrib.auth.forms import UserChangeForm

from .models import User


class UserAdminForm(forms.ModelForm):
    """Real-name user data, checked by the model (ID check digit, birth date consistent with the ID)."""

    class Meta:
        model = User
        fields = ["username", "real_name", "id_number", "birth_date", "gender", "phone", "email", "is_active"]


class UserChangeAdminForm(UserChangeForm):
    """The back office's user form: the password hash is read-only; model checks apply (ID vs birth date)."""

    class Meta(UserChangeForm.Meta):
        model = User
        fields = ["username", "password", "real_name", "id_number", "birth_date", "gender", "phone", "email",
                  "is_active", "is_staff", "must_change_password"]
