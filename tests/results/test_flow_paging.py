"""§五's lists page ids first, each list of an index page on its own page number (the others kept in its
links), with the same statements on every page; the 发文 page takes every waiting person across the pages
only when their number is still the one the page showed."""

import datetime
import re

import pytest
from django.test import Client

from zhicheng.results import views_flow
from zhicheng.results.models_flow import ResultDocument
from zhicheng.workflow.states import State

from ..support import stage5 as s5
from ..support.queries import count_queries


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views_flow, "PER_PAGE", 2)
    monkeypatch.setattr(views_flow, "PEOPLE_PER_PAGE", 2)


def documents(world, n: int, issuer=None):
    for i in range(n):
        ResultDocument.objects.create(number=f"冀职改〔2026〕{100 + i}号", title=f"发文{i:02d}", authority="省职改办",
                                      issued_on=datetime.date(2026, 10, 1) + datetime.timedelta(days=i),
                                      issuer=issuer or world.host, issued_by=world.host_user)


def numbers(html: str) -> list[str]:
    return re.findall(r"冀职改〔2026〕(\d+)号", html)


@pytest.mark.parametrize("index", ["/results/flow/", "/results/flow/province/"])
def test_documents_page_on_their_own_every_row_once_newest_first(world, small_pages, index):
    user = world.host_user if index == "/results/flow/" else world.provincial
    documents(world, 5, issuer=world.host if index == "/results/flow/" else world.province)
    c = Client()
    c.force_login(user)
    seen = []
    for n in (1, 2, 3):
        html = c.get(f"{index}?documents={n}&notices=1").content.decode()
        seen += numbers(html.split('id="documents"')[1])
    assert seen == ["104", "103", "102", "101", "100"]
    html = c.get(f"{index}?documents=2&notices=1").content.decode()
    assert "共 5 条，第 2/3 页" in html
    assert 'href="?documents=3&amp;notices=1"' in html  # the other list's page is kept
    assert c.get(f"{index}?documents=abc").status_code == 200  # a bad page number: the first page


def test_index_statements_are_the_same_on_every_page_and_for_more_rows(world, small_pages):
    documents(world, 3)
    c = Client()
    c.force_login(world.host_user)
    count_queries(c, "/results/flow/?documents=1")  # warm: the session and the parameters cached
    first = count_queries(c, "/results/flow/?documents=1")
    last = count_queries(c, "/results/flow/?documents=2")
    for i in range(7):
        ResultDocument.objects.create(number=f"冀职改〔2027〕{i}号", title="", authority="省职改办",
                                      issued_on=datetime.date(2026, 9, 1), issuer=world.host,
                                      issued_by=world.host_user)
    assert first == last == count_queries(c, "/results/flow/?documents=5")


def test_the_public_result_list_pages(world, small_pages):
    s5.in_notice(world)
    c = Client()
    with s5.at(s5.RUNNING):
        html = c.get("/gongshi/jieguo/?page=9").content.decode()
    assert f'href="/gongshi/jieguo/{world.notice.pk}/"' in html  # a page past the end: the last one
    assert "目前没有正在进行的评审结果公示" not in html


def test_issue_to_everyone_waiting_across_pages_only_with_the_count_seen(world, small_pages):
    s5.decided(world, extra=3)  # four filed 中级: two pages of two
    c = Client()
    c.force_login(world.host_user)
    html = c.get("/results/flow/documents/new/").content.decode()
    assert 'id="waiting-count">4<' in html and "第 1/2 页" in html
    form = {"number": "冀职改〔2026〕12号", "authority": "河北省职改办", "issued_on": "2026-10-20", "scope": "all"}
    r = c.post("/results/flow/documents/new/", {**form, "seen": "3"})
    assert r.status_code == 409 or r.status_code == 422
    assert "待发文人员已有变化（现有4人）" in r.content.decode()
    assert not ResultDocument.objects.exists()
    r = c.post("/results/flow/documents/new/", {**form, "seen": "4"})
    assert r.status_code == 302
    middles = [a for a in world.passed if a.level == "intermediate"]
    for a in middles:
        a.refresh_from_db()
        assert a.state == State.ISSUED
    assert ResultDocument.objects.get().entries.count() == 4


def test_issue_to_the_ticked_rows_and_refuse_garbage(world, small_pages):
    s5.decided(world, extra=1)
    c = Client()
    c.force_login(world.host_user)
    form = {"number": "冀职改〔2026〕12号", "authority": "河北省职改办", "issued_on": "2026-10-20", "scope": "page"}
    r = c.post("/results/flow/documents/new/", {**form, "applications": ["1 OR 1=1"]})
    assert r.status_code == 422 and "所选发文人员无效" in r.content.decode()
    r = c.post("/results/flow/documents/new/", {**form, "applications": [world.middle.pk]})
    assert r.status_code == 302
    world.middle.refresh_from_db()
    assert world.middle.state == State.ISSUED
    assert world.passed[2].state == State.RESULT_FILED


def test_report_roster_pages_and_all_pending_takes_only_the_levels_the_action_fits(world, small_pages):
    s5.reported(world, extra=2)  # 高级 world.senior, 中级 world.middle and two more
    c = Client()
    c.force_login(world.provincial)
    url = f"/results/flow/reports/{world.report.pk}/"
    names = []
    for n in (1, 2):
        html = c.get(f"{url}?page={n}").content.decode()
        names += re.findall(r'aria-label="选择([^"]+)"', html)
    assert sorted(names) == sorted(a.applicant.real_name for a in world.passed)
    assert 'id="pending-count">4<' in html
    r = c.post(url, {"action": "file_result", "scope": "all", "seen": "5"})
    assert r.status_code == 409 or r.status_code == 422
    assert "本批待办理人员已有变化（现有4人）" in r.content.decode()
    r = c.post(url, {"action": "file_result", "scope": "page", "applications": ["x"]})
    assert r.status_code == 422 and "所选人员无效" in r.content.decode()
    r = c.post(url, {"action": "file_result", "scope": "all", "seen": "4"})
    assert r.status_code == 302
    for a in world.passed:
        a.refresh_from_db()
    states = {a.pk: a.state for a in world.passed}
    assert states.pop(world.senior.pk) == State.RESULT_REPORTED  # 高级 is approved, never filed
    assert set(states.values()) == {State.RESULT_FILED}
    r = c.post(url, {"action": "approve_result", "scope": "all", "seen": "1"})
    assert r.status_code == 302
    world.senior.refresh_from_db()
    assert world.senior.state == State.RESULT_APPROVED


def test_report_page_statements_do_not_grow_with_the_roster(world, small_pages):
    s5.reported(world, extra=1)
    c = Client()
    c.force_login(world.provincial)
    url = f"/results/flow/reports/{world.report.pk}/"
    count_queries(c, url)
    first, last = count_queries(c, url), count_queries(c, url + "?page=2")
    assert first == last
