"""Issue 7 for the office's 网上审核 queue and the 消息 inbox: ids first through an index, only the columns shown,
every row once across the pages in a stable order (ties on updated_at broken by id), and the statements a page
sends constant in the number of rows. Applications reach 网上审核中 through the services."""

from __future__ import annotations

import datetime

import time_machine
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhicheng.dossier.permissions import visible_applications
from zhicheng.http import IdsFirst
from zhicheng.messaging.services import notify
from zhicheng.office_review import online, prereview
from zhicheng.office_review.views_online import QUEUE_ROWS
from zhicheng.orgs.roles import OrgKind, Role

from .. import factories as f
from ..support.queries import count_queries
from ..support.stage3_handin import more_applications, unit_submitted

API = "/api/v1"
FROZEN = datetime.datetime(2026, 11, 24, 2, 0, tzinfo=datetime.UTC)


def unit_batch(world, n: int, *, names: str = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥") -> list:
    """`n` more applications of world.unit, through the unit stage in one batch (单位已推荐上报)."""
    return unit_submitted(world, more_applications(world, *["082"] * n, names=names))


def to_queue(world, apps) -> list:
    """The apps through 预审 and 网上申报 to 网上审核中, all at the same instant (equal updated_at)."""
    with time_machine.travel(FROZEN, tick=False):
        for app in apps:
            prereview.prereview_pass(world.office_reviewer, app, justification="经核实原件，符合申报条件。")
            online.online_submit(app.applicant, app, confirmed=True)
    return apps


def queued(world, n: int) -> list:
    return to_queue(world, unit_batch(world, n))


def _queue(world):
    return visible_applications(world.office_reviewer).filter(state="online_submitted").order_by("updated_at", "id")


def test_every_row_once_across_the_pages_in_a_stable_order(world, monkeypatch):
    """9 rows with one updated_at, pages of 2, bookmarks every 2 rows: the front pages by OFFSET, the deep ones
    from a bookmark (keyset), the back half from the other end — every id once, in (updated_at, id) order."""
    apps = queued(world, 9)
    monkeypatch.setattr(IdsFirst, "SEEK_FROM", 2)
    cache.clear()
    expected = [a.pk for a in sorted(apps, key=lambda a: a.pk)]
    assert list(_queue(world).values_list("pk", flat=True)) == expected  # the ties ordered by id
    for _ in range(2):  # the second pass reads the cached bookmarks
        seen = []
        paginator = Paginator(IdsFirst(_queue(world), QUEUE_ROWS), 2)
        for number in paginator.page_range:
            seen += [a.pk for a in paginator.page(number)]
        assert seen == expected


def test_the_queue_page_lists_the_scope_only_with_the_columns_shown(world, client):
    apps = queued(world, 3)
    other_office = f.org("另一主管部门", OrgKind.OFFICE, world.province)
    other_reviewer = f.user(Role.OFFICE_REVIEWER, other_office, name="外部门审核员")
    client.force_login(world.office_reviewer)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/office/online/").content.decode()
    assert all(f"/office/online/{a.pk}/" in page for a in apps)
    assert page.index(apps[0].applicant.real_name) < page.index(apps[2].applicant.real_name)
    wide = [q["sql"] for q in ctx.captured_queries if "dossier_application" in q["sql"] and "IN (" in q["sql"]]
    assert wide and not any('"password"' in s or '"reopened_sections"' in s or '"specialty"' in s for s in wide)
    client.force_login(other_reviewer)
    assert apps[0].applicant.real_name not in client.get("/office/online/").content.decode()


def test_queue_pages_do_not_grow_with_rows(world, client):
    """The web queue (both states shown), its API and the inbox: the same statements with 2 rows as with 20."""
    urls = ["/office/online/", "/office/online/?state=online_submitted&page=2", f"{API}/office/online/queue",
            "/messages/", "/office/prereview/"]

    apps = unit_batch(world, 22)

    def counts(batch):
        to_queue(world, batch)
        for app in batch:
            notify(world.office_reviewer, subject=f"提醒{app.pk}", body="请及时审核。")
        client.force_login(world.office_reviewer)
        out = {}
        for url in urls:
            count_queries(client, url)
            out[url] = count_queries(client, url)
        return out

    small = counts(apps[:2])
    big = counts(apps[2:])
    assert len(_queue(world)) == 22
    grown = {u: (small[u], big[u]) for u in urls if big[u] > small[u]}
    assert not grown, grown


def test_a_batch_page_is_paged_every_entry_once_with_the_same_statements(world, client, monkeypatch):
    """资格预审: a batch's applicants page by page (here 5 a page), every entry once, in 序号 order; the batch list
    pages too. Page 1 and the last page send the same statements."""
    from zhicheng.office_review import views_prereview
    from zhicheng.unit_submission.models import UnitSubmission

    apps = unit_batch(world, 12)
    sub = UnitSubmission.objects.get(entries__application=apps[0])
    monkeypatch.setattr(views_prereview, "ENTRIES_PER_PAGE", 5)
    client.force_login(world.office_reviewer)
    seen, counts = [], []
    for number in (1, 2, 3):
        url = f"/office/prereview/batches/{sub.pk}/?page={number}"
        body = client.get(url).content.decode()
        seen += [a.pk for a in apps if f"/office/prereview/applications/{a.pk}/" in body]
        counts.append(count_queries(client, url))
        assert f"第 {number}/3 页" in body
    assert sorted(seen) == sorted(a.pk for a in apps) and len(seen) == len(set(seen))
    assert counts[0] == counts[2]
    body = client.get("/office/prereview/").content.decode()
    assert f"/office/prereview/batches/{sub.pk}/" in body


def test_the_forwarding_page_shows_part_of_a_big_group_and_sends_the_whole_group(world, client, monkeypatch):
    """报送: past FORWARD_SHOWN rows a group says how many it holds and that 报送 sends them all; the hidden ids
    still carry the whole group, and the statements do not grow with the rows shown or hidden."""
    import re

    from zhicheng.office_review import views_handin
    from zhicheng.office_review.models import Forwarding

    from ..support import stage3_handin as s3

    w = s3.three(world)
    client.force_login(w.office_reviewer)
    count_queries(client, "/office/forwarding/")  # the session stamp, the parameter and code caches
    full = count_queries(client, "/office/forwarding/")
    monkeypatch.setattr(views_handin, "FORWARD_SHOWN", 0)
    assert count_queries(client, "/office/forwarding/") == full
    body = client.get("/office/forwarding/").content.decode()
    group = body[body.index(f'id="group-host-{w.host.pk}-'):]
    group = group[:group.index("</form>")]
    assert "本组共1份，此处只列出前0份；点击“报送”将整组1份一并报送" in group
    assert w.middle.applicant.real_name not in group  # not listed, but sent
    ids = re.findall(r'name="ids" value="(\d+)"', group)
    assert ids == [str(w.middle.pk)]
    r = client.post("/office/forwarding/send/", {"office": w.office.pk, "ids": ids})
    assert r.status_code == 302
    assert Forwarding.objects.filter(to_org=w.host).count() == 1
    w.middle.refresh_from_db()
    assert w.middle.state != "office_endorsed"
