"""Identifier checks: 身份证号 (GB 11643-1999), 统一社会信用代码 (GB 32100-2015), mobile phone."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^[0-9]{17}[0-9X]$")


def normalize_id_number(value: str) -> str:
    """Trim, fold full-width characters (ＩＤ１２３ → ID123) and upper-case: a lower-case x is the same check
    character. Without the folding, full-width digits would make a second account for the same person."""
    return unicodedata.normalize("NFKC", value or "").strip().upper()


def id_number_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def birth_date_from_id(id_number: str) -> datetime.date | None:
    try:
        return datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str) -> None:
    v = (value or "").strip().upper()  # full-width characters are refused, not silently folded
    if len(v) != 18:
        raise ValidationError("身份证号应为18位，当前为%(n)d位。", params={"n": len(v)}, code="id_length")
    if not _ID_RE.match(v):
        raise ValidationError("身份证号前17位须为数字，最后一位为数字或X。", code="id_format")
    birth = birth_date_from_id(v)
    if birth is None or birth > datetime.date.today() or birth.year < 1900:
        raise ValidationError("身份证号中的出生日期（第7–14位）无效。", code="id_birth")
    if id_number_check_char(v[:17]) != v[17]:
        raise ValidationError("身份证号校验位错误，请核对后重新输入。", code="id_check")


_ID_SHAPE = re.compile(r"^(?:[0-9]{17}[0-9X]|[0-9]{15})$")
USERNAME_LIKE_ID_MESSAGE = "用户名不能是身份证号的形式（18位或15位数字），以免与他人的身份证号登录冲突，请另取用户名。"


def validate_username_not_id_number(value: str) -> None:
    """Login accepts an ID number or a user name: a user name shaped like someone's ID number would catch
    that person's login, so none may have the shape (18 characters: 17 digits and a digit or X; or the
    old 15 digits), whether or not its check digit is right, full-width or lower-case x included."""
    if _ID_SHAPE.match(normalize_id_number(value)):
        raise ValidationError(USERNAME_LIKE_ID_MESSAGE, code="username_like_id")


_CC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code_check_char(first17: str) -> str:
    total = sum(_CC_CHARS.index(c) * w for c, w in zip(first17, _CC_WEIGHTS, strict=True))
    return _CC_CHARS[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    v = (value or "").strip().upper()
    if len(v) != 18:
        raise ValidationError("统一社会信用代码应为18位。", code="cc_length")
    if any(c not in _CC_CHARS for c in v):
        raise ValidationError("统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）。", code="cc_chars")
    if credit_code_check_char(v[:17]) != v[17]:
        raise ValidationError("统一社会信用代码校验位错误，请核对后重新输入。", code="cc_check")


_PHONE_RE = re.compile(r"^1[3-9][0-9]{9}$")


def validate_phone(value: str) -> None:
    if not _PHONE_RE.match((value or "").strip()):
        raise ValidationError("手机号码应为11位数字，以1开头。", code="phone")


def mask_id_number(value: str) -> str:
    """Show the first 3 and last 3 characters only (为保护个人信息)."""
    if not value or len(value) < 7:
        return value or ""
    return value[:3] + "*" * (len(value) - 6) + value[-3:]


def mask_phone(value: str) -> str:
    if not value or len(value) < 7:
        return value or ""
    return value[:3] + "****" + value[-4:]
