"""The security administrator in a real browser (issue 6 §2): sign in to the back office with the ID number
on the main login, give a person a role by picking its organisation in the search picker (it answered
403 before), issue an API token and see its key once, sign out — each step in the audit trail."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from zhicheng.audit.models import AuditEvent
from zhicheng.orgs.models import ApiToken, RoleAssignment
from zhicheng.orgs.roles import OrgKind, Role

from .. import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 15_000


@pytest.fixture
def people(transactional_db):
    class W:
        pass

    f.ensure_code_tables()
    w = W()
    w.province = f.org("河北省职称改革领导小组办公室", OrgKind.PROVINCE)
    w.office = f.org("河北省工业和信息化厅职称处", OrgKind.OFFICE, w.province)
    w.unit = f.org("河北电力设计院", OrgKind.UNIT, w.office)
    w.security = f.user(Role.SECURITY_ADMIN, w.province, name="钱安全", username="secadmin")
    w.security.is_staff = True
    w.security.save()
    w.person = f.user(name="孙新人", username="sunxinren")
    w.hr = f.user(Role.UNIT_HR, w.unit, name="刘人事", username="hr1")
    return w


def pick(page: Page, container, term: str, option: str) -> None:
    """Choose in a back-office search picker (select2): open, type, click the match."""
    container.click()
    page.locator(".select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=option).click()


def test_security_admin_assigns_a_role_and_issues_a_token(page: Page, live_server, people):
    page.set_default_timeout(TIMEOUT)
    base = live_server.url

    # The back office sends staff to the main login, which takes the ID number.
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(re.compile(re.escape(f"{base}/login/?next=")))
    page.get_by_label("身份证号或用户名").fill(people.security.id_number)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{base}/admin/")

    # A role for a person, its organisation picked by searching.
    page.goto(f"{base}/admin/orgs/user/{people.person.pk}/change/")
    row = page.locator("#role_assignments-0")
    row.locator("select[name='role_assignments-0-role']").select_option(label="单位人事")
    options = row.locator("select[name='role_assignments-0-role'] option").all_inner_texts()
    assert "安全管理员" not in options and "系统管理员" not in options
    pick(page, row.locator(".select2-selection"), "电力", people.unit.name)
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    assert RoleAssignment.objects.filter(user=people.person, role=Role.UNIT_HR, organization=people.unit).exists()

    # Its own account cannot be changed here.
    page.goto(f"{base}/admin/orgs/user/{people.security.pk}/change/")
    expect(page.locator("input[name='real_name']")).to_have_count(0)

    # An API token: the key is shown once, and it works read-only.
    page.goto(f"{base}/admin/orgs/apitoken/add/")
    pick(page, page.locator(".field-user .select2-selection"), "刘", "刘人事")
    page.get_by_label("用途").fill("人社厅数据交换")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("text=密钥只显示这一次")).to_be_visible()
    key = page.locator("#api-key").inner_text().strip()
    assert ApiToken.objects.get(name="人社厅数据交换").access == ApiToken.Access.READ
    api = Client()
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()["id"] == people.hr.pk
    assert api.post("/api/v1/applications", "{}", content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 403

    # Sign out of the back office.
    page.get_by_role("button", name="注销").click()
    expect(page.locator("body")).to_contain_text("感谢")
    actions = list(AuditEvent.objects.filter(actor=people.security).order_by("id").values_list("action", flat=True))
    assert actions[0] == "login" and "role_grant" in actions and actions[-1] == "logout"
