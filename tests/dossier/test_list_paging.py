"""The HR list and the API list at depth: ids through the index first, then only the page's narrow rows."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhicheng.dossier import models as m
from zhicheng.dossier.permissions import visible_applications
from zhicheng.http import IdsFirst

from .. import factories as f


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, url
    return r, [q["sql"] for q in ctx.captured_queries]


def _ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/applications/(\d+)/"', html)]


def _spread(world, n):
    """`n` more applications, their update times spread out and with ties (the id decides a tie)."""
    f.submitted_applications(world.campaign, n)
    base = timezone.now() - datetime.timedelta(days=1)
    for i, app in enumerate(m.Application.objects.filter(unit=world.unit).order_by("pk")):
        m.Application.objects.filter(pk=app.pk).update(updated_at=base + datetime.timedelta(minutes=i // 2))


def test_list_sql_selects_neither_password_nor_policy_text(client, world):
    _spread(world, 3)
    client.force_login(world.hr)
    for url in ("/applications/", "/applications/?q=申报人", "/api/v1/applications"):
        _, sqls = _get(client, url)
        listing = [s for s in sqls if "dossier_application" in s]
        assert listing, url
        for sql in listing:
            assert '"password"' not in sql and "policy_text" not in sql, (url, sql)


def test_pages_keep_order_newest_first_and_same_query_count(client, world):
    _spread(world, 25)  # 25 submitted in the unit (the draft is not the HR's to see): 2 pages of 20
    client.force_login(world.hr)
    expected = list(visible_applications(world.hr).order_by("-updated_at", "-id").values_list("pk", flat=True))
    assert len(expected) == 25
    client.get("/applications/?page=2")  # warm-up: the first request after login loads the session once
    r1, q1 = _get(client, "/applications/")
    r2, q2 = _get(client, "/applications/?page=2")
    assert _ids(r1.content.decode()) + _ids(r2.content.decode()) == expected
    assert "共 25 条，第 2/2 页" in r2.content.decode()
    assert len(q1) == len(q2)
    _spread(world, 20)
    _, q_last = _get(client, "/applications/?page=3")
    assert len(q_last) == len(q1)


def test_api_pages_keep_order(client, world):
    _spread(world, 25)
    client.force_login(world.hr)
    expected = list(visible_applications(world.hr).order_by("-updated_at", "-id").values_list("pk", flat=True))
    client.get("/api/v1/applications?page=2")  # warm-up, as above
    r1, q1 = _get(client, "/api/v1/applications")
    r2, q2 = _get(client, "/api/v1/applications?page=2")
    assert [a["id"] for a in r1.json()["items"] + r2.json()["items"]] == expected
    assert r1.json()["count"] == 25 and len(q1) == len(q2)
    first = r1.json()["items"][0]
    app = m.Application.objects.select_related("applicant", "series").get(pk=first["id"])
    assert first["applicant"] == app.applicant.real_name and first["series"] == app.series.name
    assert first["applicant_id_masked"] == app.applicant.masked_id_number and first["level"] == app.level


def test_filters_still_work(client, world):
    mine = f.submitted_applications(world.campaign, 3, name="王五")
    client.force_login(world.hr)
    r, _ = _get(client, "/applications/?q=王五")
    shown = _ids(r.content.decode())
    assert len(shown) == 3
    assert set(shown) == set(m.Application.objects.filter(applicant__real_name__startswith="王五")
                             .values_list("pk", flat=True))
    f.returned(mine[0], world.hr, sections=["basic"])  # reached through the service, never written
    r, _ = _get(client, "/applications/?state=returned")
    assert _ids(r.content.decode()) == [mine[0].pk]
    r, _ = _get(client, f"/applications/?campaign={world.campaign.pk + 1000}")
    assert _ids(r.content.decode()) == [] and "没有符合条件的申报。" in r.content.decode()
    r = client.get("/api/v1/applications?q=王五")
    assert {a["id"] for a in r.json()["items"]} == set(shown)


def test_ids_first_equals_plain_slicing_from_either_end(world):
    _spread(world, 6)
    ordered = m.Application.objects.filter(unit=world.unit).order_by("-updated_at", "-id")
    expected = list(ordered.values_list("pk", flat=True))
    assert len(expected) == 7
    for size in (1, 2, 3, 20):
        for start in range(0, 9):
            rows = IdsFirst(ordered, m.Application.objects.only("id"))
            assert [a.pk for a in rows[start:start + size]] == expected[start:start + size], (start, size)


def test_deep_pages_seek_from_bookmarks_and_equal_plain_slicing(world, monkeypatch):
    """Pages deeper than SEEK_FROM from both ends start from the nearest bookmark (keyset), with ties on the
    update time decided by the id, in either direction; the result is the same as plain slicing."""
    monkeypatch.setattr(IdsFirst, "SEEK_FROM", 3)
    _spread(world, 19)  # 20 in the unit, update times in pairs (ties)
    for order in (("-updated_at", "-id"), ("updated_at", "id"), ("-updated_at", "-pk")):
        ordered = m.Application.objects.filter(unit=world.unit).order_by(*order)
        expected = list(ordered.values_list("pk", flat=True))
        assert len(expected) == 20
        for size in (1, 2, 3, 5, 7):
            for start in range(0, 21):
                rows = IdsFirst(ordered, m.Application.objects.only("id"))
                assert [a.pk for a in rows[start:start + size]] == expected[start:start + size], (order, start, size)


def test_a_deep_page_reads_bookmarks_once_and_skips_less_than_a_bookmark_step(world, monkeypatch):
    monkeypatch.setattr(IdsFirst, "SEEK_FROM", 4)
    _spread(world, 39)
    ordered = m.Application.objects.filter(unit=world.unit).order_by("-updated_at", "-id")
    expected = list(ordered.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as first:
        assert [a.pk for a in IdsFirst(ordered, m.Application.objects.only("id"))[18:20]] == expected[18:20]
    with CaptureQueriesContext(connection) as again:
        assert [a.pk for a in IdsFirst(ordered, m.Application.objects.only("id"))[22:24]] == expected[22:24]
    assert sum("ROW_NUMBER" in q["sql"].upper() for q in first.captured_queries) == 1
    assert not any("ROW_NUMBER" in q["sql"].upper() for q in again.captured_queries)  # cached
    seek = [q["sql"] for q in again.captured_queries if "LIMIT" in q["sql"].upper()]
    assert seek and all("OFFSET 2" in s.upper() or "OFFSET" not in s.upper() for s in seek), seek


def test_near_either_end_pages_stay_exact_when_bookmarked_rows_moved(world, monkeypatch):
    """Bookmarks may be up to BOOKMARK_SECONDS old; the first and last SEEK_FROM rows never use them."""
    monkeypatch.setattr(IdsFirst, "SEEK_FROM", 4)
    _spread(world, 29)
    ordered = m.Application.objects.filter(unit=world.unit).order_by("-updated_at", "-id")
    IdsFirst(ordered, m.Application.objects.only("id"))[12:14]  # bookmarks read and cached
    moved = list(ordered.values_list("pk", flat=True))[-3:]
    m.Application.objects.filter(pk__in=moved).update(updated_at=timezone.now())  # to the front
    expected = list(ordered.values_list("pk", flat=True))
    for start in (0, 2, 26, 28):
        assert [a.pk for a in IdsFirst(ordered, m.Application.objects.only("id"))[start:start + 2]] \
            == expected[start:start + 2]


def test_orderings_bookmarks_cannot_serve_page_by_offset(world, monkeypatch):
    monkeypatch.setattr(IdsFirst, "SEEK_FROM", 2)
    _spread(world, 9)
    for order in (("applicant__real_name", "-id"), ("-updated_at", "id"), ("-updated_at",)):
        ordered = m.Application.objects.filter(unit=world.unit).order_by(*order)
        expected = list(ordered.values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as ctx:
            got = [a.pk for a in IdsFirst(ordered, m.Application.objects.only("id"))[4:6]]
        assert got == expected[4:6]
        assert not any("ROW_NUMBER" in q["sql"].upper() for q in ctx.captured_queries)


def _statement(ordered_of, *args):
    """IdsFirst's statement mode over `ordered_of(*args)` (the list's queryset built from its parameters)."""
    return (("test.list", ordered_of.__name__), ordered_of, args)


def test_statement_mode_equals_the_querysets_pages_count_and_rows(world):
    """The list as statements composed once per thread (the HR list without a name search): the same count,
    the same ids from either end and the same narrow rows as the queryset itself, for each parameter value."""
    from zhicheng import querycache

    querycache.clear()
    _spread(world, 6)
    f.returned(m.Application.objects.filter(unit=world.unit).exclude(state="draft").first(), world.hr,
               sections=["basic"])

    def by_state(state):
        return m.Application.objects.filter(unit=world.unit, state=state).order_by("-updated_at", "-id")

    def in_unit(unit_id):
        return m.Application.objects.filter(unit_id=unit_id).order_by("-updated_at", "-id")

    rows = m.Application.objects.select_related("applicant").only("id", "applicant__real_name")
    for build, value in ((by_state, "submitted"), (by_state, "returned"), (by_state, "draft"), (by_state, "无此状态"),
                         (in_unit, world.unit.pk), (in_unit, world.other_unit.pk)):
        expected = list(build(value).values_list("pk", flat=True))
        listed = IdsFirst(None, rows, statement=_statement(build, value))
        assert listed.count() == len(expected) and listed.ordered
        for size in (1, 2, 3, 20):
            for start in range(0, 9):
                page = IdsFirst(None, rows, statement=_statement(build, value))[start:start + size]
                assert [a.pk for a in page] == expected[start:start + size], (build.__name__, value, start, size)
                assert all(a.applicant.real_name == a.applicant.__class__.objects.get(pk=a.applicant_id).real_name
                           for a in page)


def test_statement_mode_sends_one_statement_per_step_and_composes_it_once(world):
    from zhicheng import querycache

    querycache.clear()
    _spread(world, 5)

    def in_unit(unit_id):
        return m.Application.objects.filter(unit_id=unit_id).order_by("-updated_at", "-id")

    rows = m.Application.objects.only("id")
    IdsFirst(None, rows, statement=_statement(in_unit, world.unit.pk))[0:3]  # composed here
    with CaptureQueriesContext(connection) as q:
        page = IdsFirst(None, rows, statement=_statement(in_unit, world.other_unit.pk))[0:3]
    assert len(q) == 3  # the count, the ids, the rows: composed before, run with the other unit's id
    assert [a.pk for a in page] == list(in_unit(world.other_unit.pk).values_list("pk", flat=True)[:3])
    assert "COUNT(*)" in q[0]["sql"] and "LIMIT 3" in q[1]["sql"] and " IN (" in q[2]["sql"]


def test_hr_list_shows_each_unit_its_own_applications_through_the_same_statements(client, world):
    """The composed statements are keyed by the user's scope: two HRs of two units, one after the other in
    the same thread, each see their own unit's list only, with each filter."""
    _spread(world, 4)
    other = f.submitted_applications(f.campaign(world.other_unit, world.other_hr), 2, name="孙七")
    for hr, unit in ((world.hr, world.unit), (world.other_hr, world.other_unit), (world.hr, world.unit)):
        client.force_login(hr)
        for query in ("", "?state=submitted", "?state=returned", "?state=bogus"):
            r, _ = _get(client, "/applications/" + query)
            want = visible_applications(hr).order_by("-updated_at", "-id")
            if query.startswith("?state=") and query != "?state=bogus":
                want = want.filter(state=query.split("=")[1])
            assert _ids(r.content.decode()) == list(want.values_list("pk", flat=True)[:20]), (hr, query)
            assert all(a.unit_id == unit.pk for a in m.Application.objects.filter(pk__in=_ids(r.content.decode())))
    assert {a.pk for a in other} <= set(visible_applications(world.other_hr).values_list("pk", flat=True))
