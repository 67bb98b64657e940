"""人员账号 in a real browser: unit HR reaches the page from home, makes an account, reads the one-time
password off the slip; the person logs in with the ID number and must change it first; a roster with a bad
row is reported by row number and creates nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from zhicheng.orgs.models import User
from zhicheng.orgs.roles import OrgKind, Role

from .. import factories as f
from .test_people_accounts import idn
from .test_roster_import import xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TIMEOUT = 15_000


@pytest.fixture
def unit_hr(transactional_db):
    province = f.org("河北省职称改革领导小组办公室", OrgKind.PROVINCE)
    office = f.org("河北省工业和信息化厅职称处", OrgKind.OFFICE, province)
    unit = f.org("河北电力设计院", OrgKind.UNIT, office)
    return f.user(Role.UNIT_HR, unit, name="刘人事", username="hr1")


def login(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("身份证号或用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_hr_makes_an_account_and_the_person_changes_the_password_first(page: Page, live_server, unit_hr,
                                                                        tmp_path):
    page.set_default_timeout(TIMEOUT)
    base = live_server.url
    login(page, base, "hr1", f.PASSWORD)
    expect(page).to_have_url(f"{base}/")
    page.locator("#people-card").get_by_role("link", name="人员账号").click()
    expect(page.get_by_role("heading", name="人员账号")).to_be_visible()
    page.get_by_role("link", name="新建账号").click()
    page.get_by_label("姓名").fill("赵新人")
    page.get_by_label("身份证号").fill(idn(1).lower())
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_role("button", name="创建账号").click()
    expect(page.locator("#shown-once")).to_contain_text("只显示这一次")
    expect(page.get_by_role("button", name="打印通知单")).to_be_visible()
    password = page.locator(".slip .pw").inner_text().strip()
    assert re.fullmatch(r"\S{12}", password)

    # A roster with one bad row: its number reported, nothing created.
    page.goto(f"{base}/people/import/")
    roster = tmp_path / "名册.xlsx"
    roster.write_bytes(xlsx([("钱甲", idn(2), "13900000002"), ("孙乙", idn(3)[:17] + "Y", "13900000003")]).read())
    page.get_by_label("人员名册（.xlsx）").set_input_files(str(roster))
    page.get_by_role("button", name="导入").click()
    expect(page.locator("#roster-problems")).to_contain_text("第3行")
    expect(page.locator("#roster-problems")).to_contain_text("未创建任何账号")
    assert not User.objects.filter(id_number=idn(2)).exists()
    page.get_by_role("button", name="退出").click()

    # The person logs in with the ID number and the slip's password, and must change it first.
    login(page, base, idn(1), password)
    expect(page).to_have_url(f"{base}/password/")
    expect(page.locator(".warn")).to_contain_text("首次登录须修改初始密码")
    page.get_by_label("旧密码").fill(password)
    page.get_by_label("新密码", exact=True).fill(password)  # the same one: refused
    page.get_by_label("新密码确认").fill(password)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".errorlist")).to_contain_text("新密码不能与当前密码相同。")
    page.get_by_label("旧密码").fill(password)
    page.get_by_label("新密码", exact=True).fill("Xin-Mima-2026")
    page.get_by_label("新密码确认").fill("Xin-Mima-2026")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("heading", name="您好，赵新人")).to_be_visible()
