"""等保 第三级 password rules: length and classes, common passwords, the last five; random initial passwords."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from zhicheng.orgs.models import PasswordHistory
from zhicheng.orgs.passwords import PASSWORD_HISTORY, random_password

from .. import factories as f


def _messages(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


def test_length_edge_seven_refused_eight_accepted(db):
    assert "密码至少8位。" in _messages("Ab3#xyz")
    assert _messages("Ab3#xyzq") == []


def test_three_of_four_classes_edge(db):
    assert "密码须包含大写字母、小写字母、数字、符号中的至少三类。" in _messages("abcdefgh12")
    assert _messages("abcdefgh12X") == []


def test_common_password_refused_in_chinese_even_with_four_classes(db):
    assert _messages("P@ssw0rd") == ["该密码过于常见，容易被猜到，请另设密码。"]
    assert _messages("1qaz@WSX") == ["该密码过于常见，容易被猜到，请另设密码。"]


def _change(user, password):
    user.set_password(password)
    user.save()


def test_new_password_may_not_equal_the_current_one(db):
    u = f.user("applicant", f.org("单位", "unit"))
    assert _messages(f.PASSWORD, u) == ["新密码不能与当前密码相同。"]


def test_none_of_the_last_five_and_the_sixth_back_is_allowed(db):
    u = f.user("applicant", f.org("单位", "unit"))
    used = [f"Old-Pass-{i}x" for i in range(PASSWORD_HISTORY + 1)]
    for p in used:
        validate_password(p, u)
        _change(u, p)
    # current = used[5]; the history holds used[1..5]; used[0] (and the factory's) fell out.
    assert PasswordHistory.objects.filter(user=u).count() == PASSWORD_HISTORY
    for p in used[1:5]:
        assert _messages(p, u) == [f"新密码不能与最近{PASSWORD_HISTORY}次使用过的密码相同。"]
    assert _messages(used[0], u) == []


def test_history_keeps_hashes_only(db):
    u = f.user("applicant", f.org("单位", "unit"))
    _change(u, "Secret-Word-77")
    stored = list(PasswordHistory.objects.filter(user=u).values_list("password", flat=True))
    assert stored and all("Secret-Word-77" not in s and "$" in s for s in stored)


def test_password_change_page_refuses_a_recent_password(client, db):
    u = f.user("applicant", f.org("单位", "unit"))
    _change(u, "Second-Pass-2")
    client.force_login(u)
    r = client.post("/password/", {"old_password": "Second-Pass-2", "new_password1": f.PASSWORD,
                                   "new_password2": f.PASSWORD})
    assert r.status_code == 200
    assert f"新密码不能与最近{PASSWORD_HISTORY}次使用过的密码相同。" in r.content.decode()


@pytest.mark.parametrize("_", range(20))
def test_random_password_has_all_four_classes_and_passes_the_rules(db, _):
    p = random_password()
    assert len(p) == 12 and _messages(p) == []
    assert all(re.search(c, p) for c in (r"[a-z]", r"[A-Z]", r"\d", r"[^a-zA-Z\d]"))
    assert not set(p) & set("0O1lI")  # read off a slip: no look-alikes
