"""The public list of running 推荐人选公示 (a province's every unit at once) and HR's index page ids first: every
running notice reachable, 20 a page, the same statements on every page."""

import datetime
import re

from django.test import Client

from zhicheng.publicity.models import PublicNotice

from ..support.queries import count_queries


def running(world, n: int):
    today = datetime.date(2026, 12, 2)
    for i in range(n):
        PublicNotice.objects.create(campaign=world.campaign, unit=world.unit, title=f"推荐人选公示{i:02d}",
                                    starts_on=today - datetime.timedelta(days=i % 3), working_days=5,
                                    ends_on=today + datetime.timedelta(days=7), published_by=world.hr)


def titles(html: str) -> list[str]:
    return re.findall(r"推荐人选公示(\d\d)<", html)


def test_every_running_notice_is_on_one_of_the_public_pages(world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 10), tick=False)
    running(world, 45)
    c = Client()
    seen = []
    for n in (1, 2, 3):
        html = c.get(f"/gongshi/?page={n}").content.decode()
        seen += titles(html)
    assert sorted(seen) == [f"{i:02d}" for i in range(45)]
    assert "共 45 条，第 3/3 页" in html
    first, last = count_queries(c, "/gongshi/?page=1"), count_queries(c, "/gongshi/?page=3")
    assert first == last


def test_hr_index_pages_its_notices(world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 10), tick=False)
    running(world, 25)
    c = Client()
    c.force_login(world.hr)
    page1 = titles(c.get("/publicity/").content.decode())
    page2 = titles(c.get("/publicity/?notices=2").content.decode())
    assert len(page1) == 20 and len(page2) == 5 and not set(page1) & set(page2)
