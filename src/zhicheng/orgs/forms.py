from django import forms

from .models import User


class UserAdminForm(forms.ModelForm):
    """Real-name user data, checked by the model (ID check digit, birth date consistent with the ID)."""

    class Meta:
        model = User
        fields = ["username", "real_name", "id_number", "birth_date", "gender", "phone", "email", "is_active"]
