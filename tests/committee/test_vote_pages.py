"""§四(三) pages and API: the host runs the meeting, the expert votes on their own page, results are counts
only, outsiders get 403/404, query counts do not grow with the candidates."""

import pytest
from django.test import Client

from zhicheng.committee import vote as v
from zhicheng.committee.models import Ballot, Recusal, VoteReceipt
from zhicheng.workflow.states import State

from ..support import stage4_vote as s
from ..support.queries import count_queries

pytestmark = pytest.mark.dates
API = "/api/v1/votes/meetings"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_host_and_experts_through_the_pages(world):
    m, panel = s.panel_meeting(world, 11)
    a, b = s.candidates(world, m, 2)
    host = _client(world.host_user)
    page = host.get(f"/committee/meetings/{m.pk}/vote/").content.decode()
    assert panel[0].real_name in page and "候选人0" in page and "开始投票" in page
    r = host.post(f"/committee/meetings/{m.pk}/vote/attendance/", {"present": [e.pk for e in panel[:7]]})
    assert r.status_code == 302
    r = host.post(f"/committee/meetings/{m.pk}/vote/open/")
    assert r.status_code == 422 and "应到11人，实到7人，不足三分之二，不能开始投票。" in r.content.decode()
    host.post(f"/committee/meetings/{m.pk}/vote/attendance/", {"present": [e.pk for e in panel[:8]]})
    assert host.post(f"/committee/meetings/{m.pk}/vote/open/").status_code == 302
    expert = _client(panel[0].user)
    mine = expert.get("/committee/votes/").content.decode()
    assert f"/committee/votes/{m.pk}/" in mine and "投票中" in mine
    page = expert.get(f"/committee/votes/{m.pk}/").content.decode()
    assert "候选人0" in page and "提交选票" in page
    r = expert.post(f"/committee/votes/{m.pk}/", {f"choice_{a.pk}": "agree", f"choice_{b.pk}": "abstain"})
    assert r.status_code == 302
    page = expert.get(f"/committee/votes/{m.pk}/").content.decode()
    assert page.count("<td>已投票</td>") == 2 and "提交选票" not in page
    r = expert.post(f"/committee/votes/{m.pk}/", {f"choice_{a.pk}": "disagree"})
    assert r.status_code == 409 and "不能重复投票" in r.content.decode()
    for e in panel[1:6]:
        v.cast_votes(e.user, m, {a.pk: "agree"})
    progress = host.get(f"/committee/meetings/{m.pk}/vote/").content.decode()
    assert "结束投票" in progress
    assert host.post(f"/committee/meetings/{m.pk}/vote/close/").status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.state == State.PASSED and b.state == State.FAILED  # 6 of 8 agree; 0 of 8
    result = host.get(f"/committee/meetings/{m.pk}/vote/result/").content.decode()
    assert "通过" in result and "未通过" in result and "会议纪要" in result
    for e in panel:
        assert e.real_name not in result  # counts only
    assert expert.get(f"/committee/meetings/{m.pk}/vote/result/").status_code == 200  # a member, after closing
    r = expert.get(f"/committee/meetings/{m.pk}/minutes.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def test_api_flow_recusal_absence_and_no_voter_data(world):
    m, panel = s.panel_meeting(world, 11)
    (a,) = s.candidates(world, m, 1)
    Recusal.objects.create(meeting=m, expert=panel[1], application=a, kind=Recusal.Kind.SAME_UNIT)
    host = _client(world.host_user)
    r = host.post(f"{API}/{m.pk}/attendance", {"present_ids": [e.pk for e in panel[:10]]},
                  content_type="application/json")
    assert r.status_code == 200 and r.json()["present"] == 10 and r.json()["quorum"]
    assert host.post(f"{API}/{m.pk}/open").status_code == 201
    assert host.post(f"{API}/{m.pk}/open").status_code == 409
    voter = _client(panel[0].user)
    r = voter.post(f"{API}/{m.pk}/ballots", {"application_id": a.pk, "choice": "agree"},
                   content_type="application/json")
    assert r.status_code == 201 and r.json()["candidates"] == [{"application_id": a.pk, "name": "候选人0",
                                                                "voted": True}]
    r = voter.post(f"{API}/{m.pk}/ballots", {"application_id": a.pk, "choice": "agree"},
                   content_type="application/json")
    assert r.status_code == 409
    recused = _client(panel[1].user)
    r = recused.post(f"{API}/{m.pk}/ballots", {"application_id": a.pk, "choice": "agree"},
                     content_type="application/json")
    assert r.status_code == 403 and "须回避" in r.json()["detail"][0]
    assert recused.get(f"{API}/{m.pk}/ballot").json()["candidates"] == []  # sees nothing of that candidate
    absent = _client(panel[10].user)
    r = absent.post(f"{API}/{m.pk}/ballots", {"application_id": a.pk, "choice": "agree"},
                    content_type="application/json")
    assert r.status_code == 403
    progress = host.get(f"{API}/{m.pk}").json()["counts"]
    assert progress == [{"application_id": a.pk, "eligible": 9, "voted": 1, "agree": None, "disagree": None,
                         "abstain": None, "missing": None, "passed": None}]
    for e in panel[2:7]:
        voter = _client(e.user)
        voter.post(f"{API}/{m.pk}/ballots", {"application_id": a.pk, "choice": "agree"},
                   content_type="application/json")
    assert host.post(f"{API}/{m.pk}/close").status_code == 200
    r = voter.post(f"{API}/{m.pk}/ballots", {"application_id": a.pk, "choice": "agree"},
                   content_type="application/json")
    assert r.status_code == 409  # after closing
    result = host.get(f"{API}/{m.pk}/result").json()
    assert result == [{"application_id": a.pk, "eligible": 9, "voted": 6, "agree": 6, "disagree": 0, "abstain": 0,
                       "missing": 3, "passed": True}]
    text = str(result)
    assert "expert" not in text and "voter" not in text and "user" not in text
    assert Ballot.objects.count() == 6 and VoteReceipt.objects.count() == 6


def test_outsiders_get_403_or_404(world, other_host):
    m, panel = s.panel_meeting(world, 11)
    (a,) = s.candidates(world, m, 1)
    s.opened(world, m, panel)
    other, reviewer, stranger = _client(other_host), _client(world.office_reviewer), _client(world.expert)
    for url in (f"/committee/meetings/{m.pk}/vote/", f"{API}/{m.pk}"):
        assert other.get(url).status_code == 404
        assert reviewer.get(url).status_code == 403
        assert stranger.get(url).status_code == 403
    for step in ("attendance", "open", "close"):
        assert other.post(f"/committee/meetings/{m.pk}/vote/{step}/").status_code == 404
        assert reviewer.post(f"/committee/meetings/{m.pk}/vote/{step}/").status_code == 403
    assert other.post(f"{API}/{m.pk}/close").status_code == 404
    assert stranger.get(f"/committee/votes/{m.pk}/").status_code == 404  # a non-member expert
    assert stranger.get(f"{API}/{m.pk}/ballot").status_code == 404
    for c in (stranger, reviewer, other):
        r = c.post(f"{API}/{m.pk}/ballots", {"application_id": a.pk, "choice": "agree"},
                   content_type="application/json")
        assert r.status_code == 403
    assert _client(world.host_user).post(f"{API}/{m.pk}/ballots", {"application_id": a.pk, "choice": "agree"},
                                         content_type="application/json").status_code == 403  # no proxy
    v.close_vote(world.host_user, m)
    for c in (other, reviewer, stranger):
        assert c.get(f"/committee/meetings/{m.pk}/vote/result/").status_code == 404
        assert c.get(f"{API}/{m.pk}/result").status_code == 404
        assert c.get(f"/committee/meetings/{m.pk}/minutes.pdf").status_code == 404
    assert Ballot.objects.count() == 0


def _counts(world, n_candidates, *, close=False):
    m, panel = s.panel_meeting(world, 11)
    s.candidates(world, m, n_candidates)
    s.opened(world, m, panel)
    if close:
        v.close_vote(world.host_user, m)
    host, expert = _client(world.host_user), _client(panel[0].user)
    urls = [(host, f"/committee/meetings/{m.pk}/vote/"), (expert, f"/committee/votes/{m.pk}/")]
    if close:
        urls.append((host, f"/committee/meetings/{m.pk}/vote/result/"))
    for c, url in urls:  # the first request of a session also reads the user and the session
        count_queries(c, url)
    return [count_queries(c, url) for c, url in urls]


def test_query_counts_do_not_grow_with_candidates(world):
    assert _counts(world, 2) == _counts(world, 7)
    assert _counts(world, 2, close=True) == _counts(world, 6, close=True)


def test_the_agenda_is_frozen_at_opening_and_members_are_told(world):
    from zhicheng.messaging.models import Message

    m, panel = s.panel_meeting(world, 11)
    (a,) = s.candidates(world, m, 1)
    s.opened(world, m, panel, 9)
    assert Message.objects.filter(recipient=panel[0].user, link=f"/committee/votes/{m.pk}/").count() == 1
    assert not Message.objects.filter(recipient=panel[10].user).exists()  # absent
    (late,) = s.candidates(world, m, 1, start=1)  # put on the agenda after opening: not in this vote
    page = _client(panel[0].user).get(f"/committee/votes/{m.pk}/").content.decode()
    assert "候选人0" in page and "候选人1" not in page
    from zhicheng.errors import Refusal

    with pytest.raises(Refusal, match="不是本次会议的评审对象"):
        v.cast_votes(panel[0].user, m, {late.pk: "agree"})
    s.votes(m, panel, a, agree=6)
    v.close_vote(world.host_user, m)
    a.refresh_from_db()
    late.refresh_from_db()
    assert a.state == State.PASSED and late.state == State.IN_COMMITTEE
