"""The meeting's agenda: IN_COMMITTEE applications assigned to the meeting's committee at its level, in order,
on one open meeting; the host's pages and API; experts' 我的评审; who may not (403/404)."""

import pytest
from django.test import Client

from zhicheng.codes.models import Level
from zhicheng.committee import agenda, services
from zhicheng.committee.models import CommitteeAssignment, MeetingCandidate
from zhicheng.dossier.models import Application
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.workflow.states import State

from .. import factories as f
from ..support import stage4_committee as s4c
from .conftest import FROM, MEETING_DAY, UNTIL

pytestmark = pytest.mark.dates
API = "/api/v1/committee-meetings"


@pytest.fixture
def w(world):
    return s4c.prepared(world, day=MEETING_DAY, valid_from=FROM, valid_until=UNTIL)


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_candidates_go_on_in_order_and_only_from_this_committee_level_and_state(w):
    more = f.submitted_applications(w.campaign, 2, name="候选")
    s4c.in_committee(more, w.committee_record.org)
    made = agenda.add_candidates(w.host_user, w.meeting, [more[1].pk, w.app.pk])
    assert [(c.application_id, c.order) for c in made] == [(more[1].pk, 1), (w.app.pk, 2)]
    [third] = agenda.add_candidates(w.host_user, w.meeting, [more[0].pk])
    assert third.order == 3
    # another committee, another level, another state, already on the meeting: every reason at once
    elsewhere = f.org("河北省卫生系列高级评审委员会", OrgKind.COMMITTEE, w.host)
    other_committee, other_level, waiting = f.submitted_applications(w.campaign, 3, name="拒绝")
    s4c.in_committee([other_committee], elsewhere)
    s4c.in_committee([waiting], w.committee_record.org)
    Application.objects.filter(pk=waiting.pk).update(state=State.HOST_REVIEW)  # not accepted by the host yet
    middle = f.application(f.user(Role.APPLICANT, w.unit, name="中级"), w.campaign, title_code="083")
    s4c.in_committee([middle], w.committee_record.org)
    assert middle.level != Level.ASSOCIATE_SENIOR and other_level
    with pytest.raises(Refusal) as exc:
        agenda.add_candidates(w.host_user, w.meeting, [other_committee.pk, middle.pk, waiting.pk, w.app.pk])
    text = "；".join(exc.value.problems)
    assert len(exc.value.problems) == 4
    assert "未委托本评审委员会" in text and "本会议评审副高级" in text and "只有“评审中”的申报" in text
    assert "已列入本评审会议" in text
    assert MeetingCandidate.objects.count() == 3


def test_a_candidate_sits_on_one_open_meeting(w):
    agenda.add_candidates(w.host_user, w.meeting, [w.app.pk])
    second = services.create_meeting(w.host_user, w.committee_record, level=Level.ASSOCIATE_SENIOR,
                                     date=MEETING_DAY, place="保定")
    with pytest.raises(Refusal) as exc:
        agenda.add_candidates(w.host_user, second, [w.app.pk])
    assert "已列入另一评审会议" in exc.value.problems[0]
    w.meeting.status = w.meeting.Status.CANCELLED
    w.meeting.save()
    agenda.add_candidates(w.host_user, second, [w.app.pk])  # the first was cancelled
    assert agenda.addable(second).count() == 0


def test_the_host_builds_the_agenda_through_the_pages(w):
    c = _client(w.host_user)
    assert f"/committee/agenda/meetings/{w.meeting.pk}/" in c.get(f"/committee/meetings/{w.meeting.pk}/").content.decode()
    page = c.get(f"/committee/agenda/meetings/{w.meeting.pk}/").content.decode()
    assert "没有可列入的申报" not in page and w.app.applicant.real_name in page
    r = c.post(f"/committee/agenda/meetings/{w.meeting.pk}/add/", {"application_ids": [w.app.pk]})
    assert r.status_code == 302
    page = c.get(f"/committee/agenda/meetings/{w.meeting.pk}/").content.decode()
    assert "同一单位（自动回避）" in page and w.experts[-1].real_name in page
    r = c.post(f"/committee/agenda/meetings/{w.meeting.pk}/add/", {"application_ids": [w.app.pk]})
    assert r.status_code == 422 and "已列入本评审会议" in r.content.decode()
    cand = MeetingCandidate.objects.get()
    r = c.post(f"/committee/agenda/meetings/{w.meeting.pk}/recuse/", {"candidate_id": cand.pk,
                                                                       "expert_id": w.experts[0].pk, "reason": ""})
    assert r.status_code == 422 and "请填写回避事由" in r.content.decode()
    r = c.post(f"/committee/agenda/meetings/{w.meeting.pk}/panels/",
               {"name": "电气组", "expert_ids": [e.pk for e in w.experts[:2]]})
    assert r.status_code == 422 and "评议组至少需要3名专家" in r.content.decode()
    r = c.post(f"/committee/agenda/meetings/{w.meeting.pk}/panels/",
               {"name": "电气组", "expert_ids": [e.pk for e in w.experts[:3]]})
    assert r.status_code == 302
    panel = w.meeting.discipline_panels.get()
    r = c.post(f"/committee/agenda/meetings/{w.meeting.pk}/assign/", {"candidate_id": cand.pk, "panel_id": panel.pk})
    assert r.status_code == 302
    assert c.get(f"/committee/agenda/candidates/{cand.pk}/").status_code == 200


def test_the_expert_declares_and_recuses_through_my_reviews(w):
    agenda.add_candidates(w.host_user, w.meeting, [w.app.pk])
    cand = MeetingCandidate.objects.get()
    c = _client(w.expert)
    page = c.get("/committee/agenda/mine/").content.decode()
    assert w.app.applicant.real_name in page and "无利害关系" in page and f"/applications/{w.app.pk}/" not in page
    r = c.post(f"/committee/agenda/candidates/{cand.pk}/declare/", {"related": "1", "detail": ""})
    assert r.status_code == 422 and "请说明与申报人的关系" in r.content.decode()
    assert c.post(f"/committee/agenda/candidates/{cand.pk}/declare/", {"related": "0"}).status_code == 302
    page = c.get("/committee/agenda/mine/").content.decode()
    assert f"/applications/{w.app.pk}/" in page
    assert c.get(f"/applications/{w.app.pk}/").status_code == 200
    assert c.post(f"/committee/agenda/candidates/{cand.pk}/recuse/", {"reason": "近亲属"}).status_code == 302
    page = c.get("/committee/agenda/mine/").content.decode()
    assert "已回避" in page and w.app.applicant.real_name not in page
    assert c.get(f"/applications/{w.app.pk}/").status_code == 404
    assert c.get(f"/committee/agenda/candidates/{cand.pk}/").status_code == 404
    # the same-unit member never saw the name
    page = _client(w.expert_users[-1]).get("/committee/agenda/mine/").content.decode()
    assert "已回避" in page and w.app.applicant.real_name not in page


def test_the_api_for_host_and_expert(w):
    host, expert = _client(w.host_user), _client(w.expert)
    r = host.post(f"{API}/{w.meeting.pk}/candidates", {"application_ids": [w.app.pk]}, content_type="application/json")
    assert r.status_code == 201
    [cand] = r.json()["candidates"]
    assert cand["recusals"][0]["kind"] == "same_unit"
    mine = expert.get(f"{API}/mine").json()
    assert mine[0]["candidates"][0] == {"id": cand["id"], "order": 1, "recused": False, "declared": False,
                                        "application_id": w.app.pk, "applicant": w.app.applicant.real_name,
                                        "unit": w.unit.name}
    assert expert.get(f"/api/v1/applications/{w.app.pk}").status_code == 404
    r = expert.post(f"{API}/candidates/{cand['id']}/declaration", {"related": False}, content_type="application/json")
    assert r.status_code == 201
    assert expert.get(f"/api/v1/applications/{w.app.pk}").status_code == 200
    r = host.post(f"{API}/{w.meeting.pk}/panels", {"name": "电气组", "expert_ids": [e.pk for e in w.experts[:3]]},
                  content_type="application/json")
    assert r.status_code == 201
    r = host.post(f"{API}/panels/{r.json()['id']}/candidates", {"candidate_id": cand["id"]},
                  content_type="application/json")
    assert r.status_code == 201 and r.json()["candidates"][0]["panel_id"]
    r = expert.put(f"{API}/candidates/{cand['id']}/opinion", {"text": "建议通过。"}, content_type="application/json")
    assert r.status_code == 200
    assert [o["text"] for o in host.get(f"{API}/candidates/{cand['id']}/opinions").json()] == ["建议通过。"]
    r = host.post(f"{API}/{w.meeting.pk}/recusals", {"candidate_id": cand["id"], "expert_id": w.experts[0].pk,
                                                     "reason": "实名反映"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["kind"] == "ordered"
    assert expert.get(f"{API}/mine").json()[0]["candidates"][0] == {
        "id": cand["id"], "order": 1, "recused": True, "declared": True, "application_id": None, "applicant": None,
        "unit": None}
    assert expert.get(f"{API}/candidates/{cand['id']}/opinions").status_code == 404
    r = expert.post(f"{API}/candidates/{cand['id']}/recusal", {"reason": "再次"}, content_type="application/json")
    assert r.status_code == 409


def test_others_get_403_or_404_on_pages_and_api(w, other_host):
    agenda.add_candidates(w.host_user, w.meeting, [w.app.pk])
    cand = MeetingCandidate.objects.get()
    stranger_expert = f.user(Role.EXPERT, w.host, name="库外专家")
    host_urls = [f"/committee/agenda/meetings/{w.meeting.pk}/", f"{API}/{w.meeting.pk}/agenda"]
    candidate_urls = [f"/committee/agenda/candidates/{cand.pk}/", f"{API}/candidates/{cand.pk}/opinions"]
    posts = [(f"/committee/agenda/candidates/{cand.pk}/declare/", {"related": "0"}),
             (f"{API}/candidates/{cand.pk}/declaration", {"related": False}),
             (f"{API}/{w.meeting.pk}/candidates", {"application_ids": [w.app.pk]})]
    # (host pages, candidate pages): another host 404; an expert is no host (403) and off the panel (404)
    expected = {other_host: (404, 404), stranger_expert: (403, 404), w.office_reviewer: (403, 403),
                w.applicant: (403, 403)}
    for user, (on_host, on_candidate) in expected.items():
        c = _client(user)
        for urls, status in ((host_urls, on_host), (candidate_urls, on_candidate)):
            for url in urls:
                assert c.get(url).status_code == status, (user.real_name, url)
        for url, data in posts:
            code = c.post(url, data, content_type="application/json").status_code if url.startswith("/api") \
                else c.post(url, data).status_code
            assert code in (403, 404), (user.real_name, url, code)
    for user in (w.office_reviewer, w.applicant):
        assert _client(user).get("/committee/agenda/mine/").status_code == 403
        assert _client(user).get(f"{API}/mine").status_code == 403
    assert "目前没有安排您参加的评审会议" in _client(stranger_expert).get("/committee/agenda/mine/").content.decode()
    assert not CommitteeAssignment.objects.exclude(application=w.app).exists()
