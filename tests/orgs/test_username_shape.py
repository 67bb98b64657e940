"""A user name may not have the shape of an ID number (issue 6 §2): such an account caught the login of
the person whose ID number it is. Refused wherever users are created or renamed."""

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from zhicheng.orgs.forms import UserAdminForm, UserChangeAdminForm
from zhicheng.orgs.models import User
from zhicheng.orgs.roles import Role
from zhicheng.orgs.validators import validate_username_not_id_number

from .. import factories as f

ID_SHAPED = [
    "11010519491231002X",  # a valid ID number
    "11010519491231002x",  # the same, lower-case x
    "110105194912310021",  # 18 digits with a wrong check digit: still the shape
    "110105491231002",  # the old 15-digit number
    "１１０１０５１９４９１２３１００２Ｘ",  # full-width, which login folds
    " 11010519491231002X ",
]
ALLOWED = ["zhangsan", "11010519491231002", "1101051949123100211", "zh11010519491231002X", "1101051949123100AX"]


@pytest.mark.parametrize("name", ID_SHAPED)
def test_id_shaped_user_name_is_refused(name):
    with pytest.raises(ValidationError, match="用户名不能是身份证号的形式"):
        validate_username_not_id_number(name)


@pytest.mark.parametrize("name", ALLOWED)
def test_other_user_names_are_allowed(name):
    validate_username_not_id_number(name)


def _data(**kw):
    return {"username": "zhangsan", "real_name": "张三", "is_active": "on", **kw}


def test_user_form_refuses_id_shaped_user_name(db):
    form = UserAdminForm(data=_data(username="11010519491231002X"))
    assert not form.is_valid()
    assert "用户名不能是身份证号的形式" in form.errors["username"][0]
    assert UserAdminForm(data=_data()).is_valid()


def test_renaming_to_an_id_shaped_user_name_is_refused(world):
    user = world.applicant
    form = UserChangeAdminForm(data=_data(username="110105491231002", password=user.password), instance=user)
    assert not form.is_valid()
    assert "用户名不能是身份证号的形式" in form.errors["username"][0]
    user.refresh_from_db()
    assert user.username == "zhangjianguo"


def test_back_office_add_form_refuses_id_shaped_user_name(world):
    admin_user = f.user(Role.SECURITY_ADMIN, world.province, name="安全管理员")
    request = RequestFactory().get("/admin/orgs/user/add/")
    request.user = admin_user
    form_class = site._registry[User].get_form(request, obj=None)
    form = form_class(data={"username": "11010519491231002X", "real_name": "张三", "usable_password": "true",
                            "password1": "Xk9#mPq2vL", "password2": "Xk9#mPq2vL"})
    assert not form.is_valid()
    assert "用户名不能是身份证号的形式" in str(form.errors["username"])
    assert not User.objects.filter(username="11010519491231002X").exists()


def test_accounts_made_without_a_form_are_refused_too(db):
    with pytest.raises(ValidationError, match="用户名不能是身份证号的形式"):
        User.objects.create_user(username="11010519491231002X", password=None, real_name="张三")
    assert not User.objects.filter(username="11010519491231002X").exists()
