from django import forms
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm

from .models import Organization, User


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


class UnitChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, label="所在单位", empty_label=None,
                         error_messages={"required": "请选择单位。", "invalid_choice": "请选择您管理的单位。"}, **kwargs)


class PersonForm(forms.Form):
    """One person's account: real name, ID number (GB 11643, checked by the service) and phone."""

    unit = UnitChoiceField(Organization.objects.none())
    real_name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名。"})
    id_number = forms.CharField(label="身份证号", max_length=18,
                                error_messages={"required": "请填写身份证号。", "max_length": "身份证号应为18位。"})
    phone = forms.CharField(label="手机号码", max_length=11,
                            error_messages={"required": "请填写手机号码。", "max_length": "手机号码应为11位数字，以1开头。"})

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class RosterForm(forms.Form):
    unit = UnitChoiceField(Organization.objects.none())
    roster = forms.FileField(label="人员名册（.xlsx）", error_messages={
        "required": "请选择要导入的名册文件。", "empty": "上传的文件是空的。", "invalid": "请选择要导入的名册文件。"})
    good_rows = forms.BooleanField(label="仅导入无误的行（有误的行不导入，改正后可再次导入）", required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class StaffSetPasswordForm(AdminPasswordChangeForm):
    """A password set by staff in the back office is an initial password: changed at the next login."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit)


class StaffUserCreationForm(AdminUserCreationForm):
    """An account made in the back office: its first password is set by staff, so changed at first login."""

    def save(self, commit=True):
        self.instance.must_change_password = True
        return super().save(commit)
