"""A committee's meetings (the host's page) and an expert's meetings (我的评审会议) were cut at 100 without a word;
they page, 20 a page, newest first, every meeting once, with the same statements on every page and for more
meetings."""

import datetime
import re

from django.test import Client

from zhicheng.committee import services
from zhicheng.committee.models import Attendance, Expert, ReviewMeeting
from zhicheng.orgs.roles import Role

from .. import factories as f
from ..support.queries import count_queries
from .conftest import MEETING_DAY, committee


def _meetings(world, c, n: int, *, start: int = 0) -> list[ReviewMeeting]:
    return [ReviewMeeting.objects.create(committee=c, level="senior", date=MEETING_DAY + datetime.timedelta(days=start + i),
                                         place=f"评审中心{start + i:03d}") for i in range(n)]


def _places(html: str) -> list[str]:
    return re.findall(r"评审中心(\d{3})", html)


def _pages(client, url: str) -> list[str]:
    seen, page = [], 1
    while True:
        html = client.get(f"{url}?page={page}").content.decode()
        seen += _places(html)
        if 'rel="next"' not in html:
            return seen
        page += 1


def test_a_committees_meetings_page_newest_first_each_once(world):
    c = committee(world.host_user)
    _meetings(world, c, 23)
    client = Client()
    client.force_login(world.host_user)
    url = f"/committee/{c.pk}/"
    first = client.get(url).content.decode()
    assert len(_places(first)) == 20 and "共 23 条，第 1/2 页" in first
    assert _pages(client, url) == [f"{i:03d}" for i in range(22, -1, -1)]
    queries = count_queries(client, f"{url}?page=1")
    assert count_queries(client, f"{url}?page=2") == queries
    _meetings(world, c, 30, start=23)
    assert count_queries(client, f"{url}?page=3") == queries


def test_an_experts_meetings_page_and_show_only_where_present(world):
    c = committee(world.host_user)
    account = f.user(Role.EXPERT, world.host, name="评委甲")
    expert = services.add_expert(world.host_user, real_name="评委甲", unit_name="河北工业大学", title_code="Z0801",
                                 specialty="电气", term_start=c.valid_from, term_end=c.valid_until, user_id=account.pk)
    meetings = _meetings(world, c, 25)
    for i, m in enumerate(meetings):
        Attendance.objects.create(meeting=m, expert=expert, present=i != 3, by=world.host_user)
    other = Expert.objects.exclude(pk=expert.pk).first()
    assert other is None or not Attendance.objects.filter(expert=other).exists()
    client = Client()
    client.force_login(account)
    seen = _pages(client, "/committee/votes/")
    assert seen == [f"{i:03d}" for i in range(24, -1, -1) if i != 3]  # absent from 003: not shown
    queries = count_queries(client, "/committee/votes/?page=1")
    assert count_queries(client, "/committee/votes/?page=2") == queries
    client.force_login(world.hr)  # not an expert: an empty list, not an error
    assert "暂无需要参加的评审会议" in client.get("/committee/votes/").content.decode()
