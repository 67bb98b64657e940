"""等保2.0 第三级 password rules: >= 8 characters, 3 of 4 classes, not the user name or ID digits, not a
common password, not the current password nor one of the last five; and random initial passwords."""

import re
import secrets

from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import CommonPasswordValidator, validate_password
from django.core.exceptions import ValidationError

PASSWORD_HISTORY = 5  # 等保 第三级: the new password differs from the last five


class DengbaoPasswordValidator:
    def validate(self, password, user=None):
        errors = []
        if len(password) < 8:
            errors.append(ValidationError("密码至少8位。", code="pw_short"))
        classes = sum(
            bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^a-zA-Z\d]")
        )
        if classes < 3:
            errors.append(ValidationError("密码须包含大写字母、小写字母、数字、符号中的至少三类。", code="pw_classes"))
        if user is not None:
            if user.username and user.username.lower() in password.lower():
                errors.append(ValidationError("密码不能包含用户名。", code="pw_username"))
            idn = getattr(user, "id_number", None) or ""
            if idn and idn[-6:] in password:
                errors.append(ValidationError("密码不能包含身份证号后6位。", code="pw_id"))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        return "密码至少8位，包含大写字母、小写字母、数字、符号中的至少三类，不能包含用户名或身份证号后6位。"


class ChineseCommonPasswordValidator(CommonPasswordValidator):
    """Django's list of 20,000 common passwords (P@ssw0rd, 1qaz@WSX...), refused in Chinese."""

    def validate(self, password, user=None):
        if password.lower().strip() in self.passwords:
            raise ValidationError("该密码过于常见，容易被猜到，请另设密码。", code="password_too_common")

    def get_help_text(self):
        return "不能使用常见密码。"


class PasswordHistoryValidator:
    """The new password may not be the current one nor any of the last five (等保 第三级). Only hashes are
    kept: each set password's hash is recorded by `password_changed`, the oldest beyond five dropped."""

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        if user.has_usable_password() and check_password(password, user.password):
            raise ValidationError("新密码不能与当前密码相同。", code="pw_same")
        from .models import PasswordHistory

        for old in PasswordHistory.objects.filter(user=user).order_by("-id")[:PASSWORD_HISTORY]:
            if check_password(password, old.password):
                raise ValidationError(f"新密码不能与最近{PASSWORD_HISTORY}次使用过的密码相同。", code="pw_history")

    def password_changed(self, password, user=None):
        if user is None or not getattr(user, "pk", None) or not user.has_usable_password():
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = PasswordHistory.objects.filter(user=user).order_by("-id").values_list("id", flat=True)[:PASSWORD_HISTORY]
        PasswordHistory.objects.filter(user=user).exclude(id__in=list(keep)).delete()

    def get_help_text(self):
        return f"不能与当前密码或最近{PASSWORD_HISTORY}次使用过的密码相同。"


# No 0/O, 1/l/I: an initial password is read off a printed slip and typed by hand.
_LOWER, _UPPER, _DIGITS, _SYMBOLS = "abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "#%+=?@"


def random_password(user=None, length: int = 12) -> str:
    """A random initial password with all four character classes that passes every configured rule."""
    alphabet = _LOWER + _UPPER + _DIGITS + _SYMBOLS
    while True:
        chars = [secrets.choice(s) for s in (_LOWER, _UPPER, _DIGITS, _SYMBOLS)]
        chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
        secrets.SystemRandom().shuffle(chars)
        password = "".join(chars)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password
