"""等保2.0 第三级 password rule: >= 8 characters, 3 of 4 classes, not the user name or ID digits."""

import re

from django.core.exceptions import ValidationError


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
