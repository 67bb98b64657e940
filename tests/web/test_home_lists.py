"""Lists that were cut without a word: the home page's 待办任务 (50, and the count said 50), its 年度申报 (10), and the
office's 报送批次 (50). They page, or say how many there are and link to all of them."""

import datetime
import re

from django.test import Client

from zhicheng.office_review.models import Forwarding
from zhicheng.workflow.todo import add_task

from .. import factories as f
from ..support.queries import count_queries


def test_home_tasks_page_with_their_true_count_keeping_the_other_list(world):
    for i in range(23):
        add_task(world.assessor, kind="score", label=f"赋分任务{i:02d}", url=f"/applications/{world.app.pk}/",
                 due_on=datetime.date(2026, 12, 1) + datetime.timedelta(days=i))
    c = Client()
    c.force_login(world.assessor)
    first = c.get("/").content.decode()
    assert '<span class="count" id="task-count">23</span>' in first
    assert re.findall(r"赋分任务(\d\d)", first) == [f"{i:02d}" for i in range(20)]  # soonest due first
    assert "共 23 条，第 1/2 页" in first
    second = c.get("/?tasks_page=2&done_page=1").content.decode()
    assert re.findall(r"赋分任务(\d\d)", second) == ["20", "21", "22"]
    assert 'href="?tasks_page=1&amp;done_page=1"' in second  # the 已办 list's page is kept
    queries = count_queries(c, "/?tasks_page=1")
    assert count_queries(c, "/?tasks_page=2") == queries


def test_home_says_how_many_campaigns_there_are_and_links_to_all(world):
    for i in range(11):
        f.campaign(world.unit, world.hr, year=2010 + i)
    c = Client()
    c.force_login(world.hr)
    home = c.get("/").content.decode()
    shown = re.search(r"<h3>年度申报(.*?)</ul>", home, re.S).group(0)
    assert shown.count("<li>") == 10 and "（最近10个，共12个，" in shown and 'id="all-campaigns"' in shown
    assert c.get("/campaigns/").content.decode().count("年度职称申报") >= 11


def test_the_offices_forwarding_batches_page_newest_first(world):
    for _ in range(23):
        Forwarding.objects.create(office=world.office, to_org=world.host, kind=Forwarding.Kind.HOST, year=2026,
                                  created_by=world.office_reviewer)
    Forwarding.objects.create(office=world.office2, to_org=world.host, kind=Forwarding.Kind.HOST, year=2026,
                              created_by=world.office_reviewer)  # another office's: never listed here
    mine = list(Forwarding.objects.filter(office=world.office).order_by("-created_at", "-id").values_list("pk", flat=True))
    c = Client()
    c.force_login(world.office_reviewer)
    seen = []
    for n in (1, 2):
        html = c.get(f"/office/forwarding/?batches={n}").content.decode()
        table = html.split('id="batches"')[1].split("</table>")[0]
        seen += [int(pk) for pk in re.findall(r'href="/office/forwarding/(\d+)/"', table)]
    assert seen == mine and "共 23 条，第 2/2 页" in html
    queries = count_queries(c, "/office/forwarding/?batches=1")
    assert count_queries(c, "/office/forwarding/?batches=2") == queries
