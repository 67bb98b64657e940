"""The API lists that were cut at a fixed number of rows without a word now page ids first like the others
(`{"items": [...], "count": N}`, `?page=N`): every row once across the pages in the documented order, the
count right, another unit's/office's/host's rows never listed, and the same statements on the first and the
last page however many rows there are. Rows are written directly: only the lists' reads are measured."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from zhicheng.http import IdsFirst
from zhicheng.orgs.roles import OrgKind, Role

from .. import factories as f
from ..support import paging_rows as rows
from ..support.queries import count_queries

SIZE = 2  # ?page_size=2: a few rows make several pages


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _url(url: str, page: int, size: int = SIZE) -> str:
    return f"{url}{'&' if '?' in url else '?'}page_size={size}&page={page}"


def _walk(client, url: str, key: str = "id") -> tuple[list, set[int]]:
    """Every page of `url` until an empty one: the rows' keys in order and the counts the pages reported."""
    seen, counts, page = [], set(), 1
    while True:
        r = client.get(_url(url, page))
        assert r.status_code == 200, (url, page, r.content)
        body = r.json()
        counts.add(body["count"])
        if not body["items"]:
            return seen, counts
        assert len(body["items"]) <= SIZE
        seen += [row[key] for row in body["items"]]
        page += 1


def every_row_once(client, url: str, expected: list, key: str = "id") -> None:
    seen, counts = _walk(client, url, key)
    assert seen == expected, url
    assert counts == {len(expected)}, url


def _last(client, url: str) -> int:
    count = client.get(_url(url, 1)).json()["count"]
    return max(1, -(-count // SIZE))


def same_statements(client, url: str, more) -> None:
    """The first and the last page send as many statements, before and after `more()` adds rows (the rows are
    chosen so that the last page is shorter than the first: a query per row would show)."""
    client.get(_url(url, 1))  # warm: the session and the user's roles read once
    first, last = count_queries(client, _url(url, 1)), count_queries(client, _url(url, _last(client, url)))
    assert first == last, url
    more()
    assert count_queries(client, _url(url, 1)) == first, url
    assert count_queries(client, _url(url, _last(client, url))) == first, url


@pytest.fixture
def other_host(world):
    world.host2 = f.org("河北省卫生系列评委会组建单位", OrgKind.COMMITTEE_HOST, world.province)
    world.host2_user = f.user(Role.COMMITTEE_HOST, world.host2, name="蒋组建")
    return world


# --------------------------------------------------------------------------- §四 committees, experts, meetings

def test_committees_page_latest_validity_first(other_host):
    w = other_host
    mine = rows.committees(w.host, [datetime.date(2028, 12, 31), datetime.date(2027, 6, 30),
                                    datetime.date(2028, 12, 31), datetime.date(2029, 3, 1), datetime.date(2027, 6, 30)])
    theirs = rows.committees(w.host2, [datetime.date(2030, 1, 1)])
    expected = [c.pk for c in sorted(mine, key=lambda c: (-c.valid_until.toordinal(), c.pk))]
    every_row_once(_client(w.host_user), "/api/v1/committees", expected)
    every_row_once(_client(w.host2_user), "/api/v1/committees", [theirs[0].pk])
    same_statements(_client(w.host_user), "/api/v1/committees",
                    lambda: rows.committees(w.host, [datetime.date(2027, 1, 1)] * 4))
    assert _client(w.hr).get("/api/v1/committees").status_code == 403


def test_experts_page_in_id_order(other_host):
    w = other_host
    mine = rows.experts(w.host, 5)
    rows.experts(w.host2, 2)
    every_row_once(_client(w.host_user), "/api/v1/committees/experts", [e.pk for e in mine])
    body = _client(w.host_user).get("/api/v1/committees/experts?page_size=1&page=3").json()["items"][0]
    assert body["title_code"] == "Z0801" and body["series"] == "080" and body["real_name"] == mine[2].real_name
    same_statements(_client(w.host_user), "/api/v1/committees/experts", lambda: rows.experts(w.host, 4))
    assert _client(w.hr).get("/api/v1/committees/experts").status_code == 403


def test_a_committees_meetings_page_latest_first(other_host):
    w = other_host
    committee, other = rows.committees(w.host, [datetime.date(2028, 12, 31)] * 2)
    days = [datetime.date(2026, 5, d) for d in (20, 10, 20, 30, 10)]
    meetings = rows.meetings(committee, days)
    rows.meetings(other, days[:2])  # the host's other committee: not this list
    expected = [m.pk for m in sorted(meetings, key=lambda m: (-m.date.toordinal(), -m.pk))]
    url = f"/api/v1/committees/{committee.pk}/meetings"
    every_row_once(_client(w.host_user), url, expected)
    assert _client(w.host2_user).get(url).status_code == 404
    same_statements(_client(w.host_user), url, lambda: rows.meetings(committee, [datetime.date(2026, 4, 1)] * 4))


# --------------------------------------------------------------------------- §五 appeals

def test_appeals_page_newest_first_own_and_handled_once(other_host):
    w = other_host
    both = rows.user_with_roles(w, [(Role.APPLICANT, w.unit), (Role.COMMITTEE_HOST, w.host)], name="既申报又办理")
    own_app = f.application(both, w.campaign)
    own = rows.appeals(own_app, both, w.host, 3)  # filed by `both`, handled by its own host: in both lists
    mine_elsewhere = rows.appeals(own_app, both, w.host2, 2)  # filed by `both`, handled by another host
    handled = rows.appeals(w.app, w.applicant, w.host, 3)  # someone else's, handled by `both`'s host
    theirs = rows.appeals(w.other_app, w.other_applicant, w.host2, 2)  # neither
    newest = rows.newest_first(own + mine_elsewhere + handled + theirs, "filed_at")

    def only(*groups):
        ids = {a.pk for g in groups for a in g}
        return [pk for pk in newest if pk in ids]

    c = _client(both)
    every_row_once(c, "/api/v1/appeals", only(own, mine_elsewhere, handled))
    every_row_once(c, "/api/v1/appeals?which=own", only(own, mine_elsewhere))
    every_row_once(c, "/api/v1/appeals?which=handled", only(own, handled))
    every_row_once(_client(w.applicant), "/api/v1/appeals", only(handled))
    every_row_once(_client(w.host2_user), "/api/v1/appeals", only(mine_elsewhere, theirs))
    assert c.get("/api/v1/appeals?which=all").status_code == 422
    same_statements(c, "/api/v1/appeals", lambda: rows.appeals(w.app, w.applicant, w.host, 4))


# --------------------------------------------------------------------------- §二 publicity

def test_unit_notices_page_latest_first_with_their_people(world):
    people = [world.app, f.application(world.applicant2, world.campaign)]
    starts = [datetime.date(2026, 9, d) for d in (1, 15, 1, 20, 15)]
    notices = rows.notices(world.campaign, world.hr, starts, people)
    rows.notices(world.other_campaign, world.other_hr, starts[:2], [world.other_app])
    expected = [n.pk for n in sorted(notices, key=lambda n: (-n.starts_on.toordinal(), -n.pk))]
    c = _client(world.hr)
    every_row_once(c, "/api/v1/publicity/notices", expected)
    first = c.get("/api/v1/publicity/notices?page_size=1").json()["items"][0]
    assert [e["application_id"] for e in first["entries"]] == [a.pk for a in people]  # in their order
    assert _client(world.other_hr).get("/api/v1/publicity/notices").json()["count"] == 2
    same_statements(c, "/api/v1/publicity/notices",
                    lambda: rows.notices(world.campaign, world.hr, [datetime.date(2026, 8, 1)] * 4, people))


def test_objections_page_newest_first_and_by_notice(world):
    a, b = rows.notices(world.campaign, world.hr, [datetime.date(2026, 9, 1)] * 2, [world.app])
    (theirs,) = rows.notices(world.other_campaign, world.other_hr, [datetime.date(2026, 9, 1)], [world.other_app])
    on_a, on_b = rows.objections(a, 3), rows.objections(b, 2)
    rows.objections(theirs, 2)
    c = _client(world.hr)
    every_row_once(c, "/api/v1/publicity/objections", rows.newest_first(on_a + on_b, "created_at"))
    every_row_once(c, f"/api/v1/publicity/objections?notice={a.pk}", rows.newest_first(on_a, "created_at"))
    every_row_once(c, f"/api/v1/publicity/objections?notice={theirs.pk}", [])
    listed = c.get("/api/v1/publicity/objections?page_size=1").json()["items"][0]
    assert listed["evidence"] == [] and listed["applicant"] == world.applicant.real_name
    same_statements(c, "/api/v1/publicity/objections", lambda: rows.objections(b, 4))


# --------------------------------------------------------------------------- §二/§三 batches

def test_office_prereview_batches_page_newest_first_with_counts(world):
    mine = rows.unit_batches(world.campaign, world.hr, 5, people=[world.app])
    rows.unit_batches(world.other_campaign, world.other_hr, 2, people=[world.other_app])
    c = _client(world.office_reviewer)
    url = "/api/v1/office/prereview/batches"
    every_row_once(c, url, rows.newest_first(mine, "submitted_at"))
    row = c.get(_url(url, 1, 1)).json()["items"][0]
    assert (row["total"], row["unadmitted"], row["unit"]) == (2, 1, world.unit.name)  # one paper person
    every_row_once(_client(world.other_office_reviewer), url,
                   rows.newest_first(rows.batches_of(world.other_unit), "submitted_at"))
    same_statements(c, url, lambda: rows.unit_batches(world.campaign, world.hr, 4, people=[world.app]))
    assert _client(world.hr).get(url).status_code == 403


def test_unit_submission_batches_page_newest_first_with_their_people(world):
    mine = rows.unit_batches(world.campaign, world.hr, 5, people=[world.app])
    theirs = rows.unit_batches(world.other_campaign, world.other_hr, 2, people=[world.other_app])
    url = "/api/v1/unit-submission/batches"
    for user, expected in ((world.hr, mine), (world.office_reviewer, mine), (world.other_hr, theirs),
                           (world.provincial, mine + theirs)):
        every_row_once(_client(user), url, rows.newest_first(expected, "submitted_at"))
    first = _client(world.hr).get(_url(url, 1, 1)).json()["items"][0]
    assert [e["order"] for e in first["entries"]] == [1, 2] and first["entries"][0]["application_id"] == world.app.pk
    same_statements(_client(world.hr), url, lambda: rows.unit_batches(world.campaign, world.hr, 4, people=[world.app]))


# --------------------------------------------------------------------------- §四(一) spot checks

def test_spot_returned_page_earliest_deadline_first(world):
    mine = rows.spot_returns(world, world.unit, [datetime.date(2026, 11, d) for d in (9, 2, 9, 20, 2)])
    rows.spot_returns(world, world.other_unit, [datetime.date(2026, 11, 1)] * 2)
    expected = [r.application_id for r in sorted(mine, key=lambda r: (r.deadline, r.pk))]
    url = "/api/v1/spot-checks/returned"
    every_row_once(_client(world.office_reviewer), url, expected, key="application_id")
    first = _client(world.office_reviewer).get(_url(url, 1, 1)).json()["items"][0]
    assert first["reasons"] == ["缺少业绩证明"] and "*" in first["id_number"]
    assert _client(world.other_office_reviewer).get(url).json()["count"] == 2
    same_statements(_client(world.office_reviewer), url,
                    lambda: rows.spot_returns(world, world.unit, [datetime.date(2026, 12, 1)] * 4))
    assert _client(world.provincial).get(url).status_code == 403


def test_a_spot_check_batchs_people_page_in_order_with_findings(world):
    batch, apps = rows.province_batch(world, 5)
    other, _ = rows.province_batch(world, 2)
    url = f"/api/v1/spot-checks/{batch.pk}/entries"
    c = _client(world.provincial)
    body = c.get(url).json()
    assert body["count"] == 5 and not any(e["sampled"] for e in body["items"]) and "entries" not in c.get(
        f"/api/v1/spot-checks/{batch.pk}").json()
    rows.spot_check(world, batch, sampled=[apps[1], apps[4]], findings={apps[4]: ["缺页"]})
    every_row_once(c, url, [a.pk for a in apps], key="application_id")
    items = c.get(_url(url, 1, 5)).json()["items"]
    assert [e["sampled"] for e in items] == [False, True, False, False, True]
    assert [(e["finding"], e["items"]) for e in items][3:] == [(None, []), ("problem", ["缺页"])]
    assert "*" in items[0]["id_number"]
    every_row_once(c, f"/api/v1/spot-checks/{other.pk}/entries", [e.application_id for e in other.entries.all()],
                   key="application_id")
    same_statements(c, url, lambda: rows.more_entries(world, batch, 4))
    for user in (world.office_reviewer, world.host_user):
        assert _client(user).get(url).status_code == 403
    assert c.get("/api/v1/spot-checks/99999999/entries").status_code == 404


# --------------------------------------------------------------------------- §五 certificates

def test_own_certificates_page_latest_first(world):
    days = [datetime.date(2026, 10, d) for d in (20, 1, 20, 25, 1)]
    mine = rows.certificates(world, world.applicant, days)
    rows.certificates(world, world.other_applicant, days[:2])
    expected = [c.pk for c in sorted(mine, key=lambda c: (-c.issued_on.toordinal(), -c.pk))]
    c = _client(world.applicant)
    every_row_once(c, "/api/v1/certificates", expected)
    assert c.get(_url("/api/v1/certificates", 1, 1)).json()["items"][0]["id_number"] != world.applicant.id_number
    same_statements(c, "/api/v1/certificates",
                    lambda: rows.certificates(world, world.applicant, [datetime.date(2026, 9, 1)] * 4))


def test_a_page_far_beyond_the_end_is_empty_and_a_bad_page_is_refused(world):
    rows.experts(world.host, 3)
    c = _client(world.host_user)
    assert c.get("/api/v1/committees/experts?page=999999").json() == {"items": [], "count": 3}
    assert c.get("/api/v1/committees/experts?page=abc").status_code == 422


def test_deep_pages_from_bookmarks_keep_the_order(world, monkeypatch):
    """Pages deeper than SEEK_FROM from both ends start from a bookmark (keyset) where the ordering allows it:
    one direction throughout (experts ascending, meetings and appeals descending, returns ascending)."""
    monkeypatch.setattr(IdsFirst, "SEEK_FROM", 2)
    seeks, seek = [], IdsFirst._seek

    def counted(self, *args):
        seeks.append(seek(self, *args))
        return seeks[-1]

    monkeypatch.setattr(IdsFirst, "_seek", counted)
    experts = rows.experts(world.host, 9)
    (committee,) = rows.committees(world.host, [datetime.date(2028, 12, 31)])
    meetings = rows.meetings(committee, [datetime.date(2026, 5, d) for d in (1, 9, 9, 3, 1, 7, 7, 2, 9)])
    appeals = rows.appeals(world.app, world.applicant, world.host, 9)
    returns = rows.spot_returns(world, world.unit, [datetime.date(2026, 11, d) for d in (9, 2, 9, 20, 2, 5, 5, 1, 9)])
    host = _client(world.host_user)
    every_row_once(host, "/api/v1/committees/experts", [e.pk for e in experts])
    every_row_once(host, f"/api/v1/committees/{committee.pk}/meetings",
                   [m.pk for m in sorted(meetings, key=lambda m: (-m.date.toordinal(), -m.pk))])
    every_row_once(host, "/api/v1/appeals?which=handled", rows.newest_first(appeals, "filed_at"))
    every_row_once(_client(world.office_reviewer), "/api/v1/spot-checks/returned",
                   [r.application_id for r in sorted(returns, key=lambda r: (r.deadline, r.pk))], key="application_id")
    assert sum(ids is not None for ids in seeks) == 4 * 2  # pages 2 and 3 of each list: through a bookmark
