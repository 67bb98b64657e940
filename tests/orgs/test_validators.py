"""Identifiers at their edges: 身份证号 (GB 11643), 统一社会信用代码 (GB 32100), masking on screens."""

import pytest
from django.core.exceptions import ValidationError

from zhicheng.orgs.validators import (
    mask_id_number,
    mask_phone,
    validate_credit_code,
    validate_id_number,
)

# --- 身份证号 GB 11643 ---


def test_id_number_valid():
    validate_id_number("11010519491231002X")  # the standard's published example


def test_id_number_lower_case_x_is_accepted():
    validate_id_number("11010519491231002x")


@pytest.mark.parametrize("value,message", [
    ("110105194912310021", "校验位错误"),
    ("11010519491231002", "应为18位"),
    ("1101051949123100AX", "前17位须为数字"),
    ("110105194913310028", "出生日期"),
])
def test_id_number_invalid(value, message):
    with pytest.raises(ValidationError) as e:
        validate_id_number(value)
    assert message in str(e.value)


def test_id_birth_date_must_match_birth_field(db):
    from zhicheng.orgs.forms import UserAdminForm

    form = UserAdminForm(data={"username": "u1", "real_name": "张三", "id_number": "11010519491231002X",
                               "birth_date": "1949-12-30"})
    assert not form.is_valid()
    assert "出生日期与身份证号中的出生日期（1949年12月31日）不一致" in str(form.errors)


def test_masking():
    assert mask_id_number("11010519491231002X") == "110************02X"
    assert mask_phone("13812345678") == "138****5678"


# --- 统一社会信用代码 GB 32100 ---


def test_credit_code_valid_and_invalid():
    validate_credit_code("91110000600037341L")  # a published code (check char L)
    with pytest.raises(ValidationError, match="校验位错误"):
        validate_credit_code("91110000600037341M")
    with pytest.raises(ValidationError, match="不允许的字符"):
        validate_credit_code("9111000060003734IL")
