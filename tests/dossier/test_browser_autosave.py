"""Nothing typed is lost (issue 6 §1), in a real browser: the session ends while the applicant types; the
autosave says so instead of “已自动保存草稿”; saving leads to the login page; after logging in again every
character is back. A logout keeps the local copy for the same user only. Before the idle timeout the page
warns and a button extends the session.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from zhicheng.dossier import models as m
from zhicheng.orgs.models import UserSession as Session
from zhicheng.orgs.roles import Role

from .. import factories as f
from .test_browser import (  # noqa: F401 (fixtures shared with the round-trip test; `people` through getfixturevalue)
    TIMEOUT,
    draft_post_with,
    login,
    logout,
    people,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPIRED = "登录已超时，请重新登录后继续；已输入的内容保存在本机"
LABEL = "任现职以来主要业绩 *"


def local_drafts(page: Page) -> list[str]:
    return page.evaluate("Object.keys(localStorage).filter(function (k) { return k.indexOf('zc-draft:') === 0; })")


def sign_in_here(page: Page, username: str) -> None:
    """Log in on the login page the browser was sent to (it returns to the page asked for)."""
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
    page.get_by_label("身份证号或用户名").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_session_ends_while_typing_and_every_character_comes_back(page: Page, live_server, request):
    page.set_default_timeout(TIMEOUT)
    w = request.getfixturevalue("people")
    base, app = live_server.url, w.app
    url = f"{base}/applications/{app.pk}/s/achievement/"
    login(page, base, "zhangjianguo")
    page.goto(url)
    box = page.get_by_label(LABEL, exact=True)
    first = "主持完成某220kV变电站电气一次设计，"
    with page.expect_response(draft_post_with("content", first)) as info:
        box.fill(first)
    assert info.value.status == 200
    expect(page.locator(".autosave")).to_contain_text("已自动保存草稿")

    # The session ends on the server (idle timeout on another tab, a restart, an administrator).
    Session.objects.all().delete()
    rest = "获院优秀设计一等奖；负责二次系统联调。\n第二段：“引号”、<尖括号> & 符号 𠀀。"
    with page.expect_response(draft_post_with("content", first + rest)) as info:
        box.press_sequentially(rest[:12])
        box.fill(first + rest)
    assert info.value.status == 401
    status = page.locator(".autosave")
    expect(status).to_contain_text(EXPIRED)
    expect(status).not_to_contain_text("已自动保存草稿")
    expect(page.locator("#session-warning")).to_contain_text("登录已超时")
    assert m.Draft.objects.get(application=app).data["content"] == first  # the server has only the first part

    # 保存 leads to the login page; logging in again returns to the section with every character.
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    sign_in_here(page, "zhangjianguo")
    expect(page).to_have_url(url)
    expect(page.get_by_label(LABEL, exact=True)).to_have_value(first + rest)
    expect(page.locator(".autosave")).to_contain_text("已恢复本机暂存的未保存内容")
    assert not m.Achievement.objects.filter(application=app).exists()

    # Saved for real: the server holds the same text, and only now is the local copy dropped.
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("“任现职以来主要业绩”已保存。")
    assert m.Achievement.objects.get(application=app).content.replace("\r\n", "\n") == first + rest
    assert local_drafts(page) == []


def test_local_copy_survives_logout_for_the_same_user_only(page: Page, live_server, request):
    page.set_default_timeout(TIMEOUT)
    w = request.getfixturevalue("people")
    base, app = live_server.url, w.app
    url = f"{base}/applications/{app.pk}/s/achievement/"
    login(page, base, "zhangjianguo")
    page.goto(url)
    # The network drops: the autosave fails and says so; the text is only in this browser.
    page.route("**/draft/**", lambda route: route.abort())
    typed = "断网时输入的业绩，一个字也不能丢。"
    page.get_by_label(LABEL, exact=True).fill(typed)
    expect(page.locator(".autosave")).to_contain_text("自动保存失败")
    assert not m.Draft.objects.exists()
    page.unroute("**/draft/**")

    logout(page, base)
    assert len(local_drafts(page)) == 1  # the login page no longer wipes it
    login(page, base, "zhangjianguo")
    page.goto(url)
    expect(page.get_by_label(LABEL, exact=True)).to_have_value(typed)

    # Someone else signs in on this computer: the first user's copy is gone before they can see it.
    logout(page, base)
    f.user(Role.APPLICANT, w.unit, name="李秀英", username="lixiuying")
    login(page, base, "lixiuying")
    assert local_drafts(page) == []


def test_idle_warning_extends_the_session_and_then_reports_its_end(page: Page, live_server, request, settings):
    page.set_default_timeout(TIMEOUT)
    w = request.getfixturevalue("people")
    base, app = live_server.url, w.app
    login(page, base, "zhangjianguo")
    settings.SESSION_IDLE_SECONDS, settings.SESSION_WARN_SECONDS = 60, 57
    page.goto(f"{base}/applications/{app.pk}/s/achievement/")
    warning = page.locator("#session-warning")
    expect(warning).to_contain_text("登录将在")
    with page.expect_response(lambda r: r.url.endswith("/session/extend/")) as info:
        page.get_by_role("button", name="继续使用（延长登录）").click()
    assert info.value.status == 200 and info.value.json()["seconds_left"] == 60
    expect(warning).to_be_hidden()

    # Now the idle timeout passes: the next autosave is refused and both notices say so.
    settings.SESSION_IDLE_SECONDS = 1
    time.sleep(2.5)
    with page.expect_response(lambda r: "/draft/" in r.url) as info:
        page.get_by_label(LABEL, exact=True).fill("超时之后输入的内容")
    assert info.value.status == 401
    expect(page.locator(".autosave")).to_contain_text(EXPIRED)
    expect(warning).to_contain_text("登录已超时")
    expect(warning.get_by_role("link", name="重新登录")).to_be_visible()
