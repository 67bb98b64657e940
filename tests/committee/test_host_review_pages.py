"""§四(二) pages and API: the host's queue and review page, accept and return through the forms, the office's
returned list and resubmission; every other role and organisation refused (403/404); query counts constant."""

import json

import pytest
from django.test import Client

from zhicheng.codes.models import Level
from zhicheng.committee.models import CommitteeAssignment, HostReturn
from zhicheng.workflow.states import State

from ..support import stage4, stage4_host
from ..support.queries import count_queries
from .conftest import committee

pytestmark = pytest.mark.dates
Q = "/committee/host-review/"
API = "/api/v1/host-review"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _post_json(c, url, body):
    return c.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def w(world):
    return stage4.forwarded(world)


def test_the_host_reviews_returns_and_accepts_through_the_pages(w):
    host, app = _client(w.host_user), w.middle
    person = app.applicant
    page = host.get(Q).content.decode()
    assert f"{Q}{app.pk}/" in page and person.real_name in page and f"第{w.host_batch.pk}批" in page
    if person.id_number:
        assert person.masked_id_number in page and person.id_number not in page
    assert person.real_name not in host.get(f"{Q}?level=senior").content.decode()
    assert person.real_name in host.get(f"{Q}?batch={w.host_batch.pk}&series={app.series.code}").content.decode()
    page = host.get(f"{Q}{app.pk}/").content.decode()
    assert 'id="eligibility"' in page and "经审查，材料真实齐全，同意呈报。" in page
    assert f"/office/forwarding/{w.host_batch.pk}/" in page and f"/applications/{app.pk}/" in page
    assert 'id="committee-problem"' in page and "不能提交评审" in page  # no committee registered yet
    dossier = host.get(f"/applications/{app.pk}/").content.decode()  # the generic buttons are there too
    assert 'id="action-host_pass"' in dossier and 'id="action-host_return"' in dossier
    r = host.post(f"{Q}{app.pk}/accept/", follow=True)
    assert "不能提交评审" in r.content.decode()
    r = host.post(f"{Q}{app.pk}/return/", {"reasons": " \n "}, follow=True)
    assert "请至少填写一条原因。" in r.content.decode()
    r = host.post(f"{Q}{app.pk}/return/", {"reasons": "1. 继续教育学时证明缺2025年度\n2. 业绩成果未加盖公章"})
    assert r.status_code == 302 and r["Location"] == Q
    assert HostReturn.objects.get().reasons == ["继续教育学时证明缺2025年度", "业绩成果未加盖公章"]
    page = host.get(f"{Q}?state=host_returned").content.decode()
    assert person.real_name in page and "2026年3月9日" in page

    office = _client(w.office_reviewer)
    page = office.get(f"{Q}office/").content.decode()
    assert "继续教育学时证明缺2025年度" in page and "业绩成果未加盖公章" in page and "2026年3月9日" in page
    assert f"{Q}office/{app.pk}/" in page
    r = office.post(f"{Q}office/{app.pk}/", {"note": ""})
    assert r.status_code == 422 and "请填写补正说明。" in r.content.decode()
    r = office.post(f"{Q}office/{app.pk}/", {"note": "已补继续教育证明，业绩成果已盖章"})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.state == State.HOST_REVIEW and "暂无退回的申报" in office.get(f"{Q}office/").content.decode()

    c = committee(w.host_user, levels=[Level.INTERMEDIATE], name="河北省工程系列中级评审委员会")
    page = host.get(f"{Q}{app.pk}/").content.decode()
    assert "河北省工程系列中级评审委员会" in page and "已补继续教育证明" in page
    r = host.post(f"{Q}accept/", {"ids": [str(app.pk)]})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.state == State.IN_COMMITTEE and CommitteeAssignment.objects.get().committee_id == c.org_id


def test_the_api_reviews_returns_resubmits_and_accepts(w):
    host, office, app = _client(w.host_user), _client(w.office_reviewer), w.middle
    items = host.get(f"{API}/applications").json()["items"]
    assert [i["id"] for i in items] == [app.pk]
    assert items[0]["applicant_id_masked"] == app.applicant.masked_id_number
    body = host.get(f"{API}/applications/{app.pk}").json()
    assert body["batch_id"] == w.host_batch.pk and body["endorsement"] == "经审查，材料真实齐全，同意呈报。"
    assert body["default_committee_id"] is None and "不能提交评审" in body["committee_problem"]
    r = _post_json(host, f"{API}/applications/{app.pk}/return", {"reasons": []})
    assert r.status_code == 422
    r = _post_json(host, f"{API}/applications/{app.pk}/return", {"reasons": ["缺少学历证书", "单位意见未签字"]})
    assert r.status_code == 200 and r.json()["deadline"] == "2026-03-09" and len(r.json()["reasons"]) == 2
    assert [x["application_id"] for x in office.get(f"{API}/office/returns").json()["items"]] == [app.pk]
    r = _post_json(office, f"{API}/office/returns/{app.pk}/resubmit", {"note": "已补"})
    assert r.status_code == 200 and r.json()["outcome"] == "resubmitted"
    c = committee(w.host_user, levels=[Level.INTERMEDIATE], name="河北省工程系列中级评审委员会")
    r = _post_json(host, f"{API}/applications/{app.pk}/pass", {})
    assert r.status_code == 200 and r.json()["committee_org_id"] == c.org_id


def test_every_other_role_and_organisation_is_refused(w, other_host):
    app = w.middle
    stranger_host = _client(other_host)
    assert app.applicant.real_name not in stranger_host.get(Q).content.decode()
    assert stranger_host.get(f"{API}/applications").json()["items"] == []
    for method, url in (("get", f"{Q}{app.pk}/"), ("post", f"{Q}{app.pk}/accept/"), ("post", f"{Q}{app.pk}/return/"),
                        ("get", f"{API}/applications/{app.pk}")):
        assert getattr(stranger_host, method)(url).status_code == 404, url
    assert _post_json(stranger_host, f"{API}/applications/{app.pk}/pass", {}).status_code == 404
    assert _post_json(stranger_host, f"{API}/applications/pass", {"ids": [app.pk]}).status_code == 404
    assert stranger_host.post(f"{Q}accept/", {"ids": [str(app.pk)]}).status_code == 404
    others = (w.office_reviewer, w.other_office_reviewer, w.hr, app.applicant, w.expert, w.provincial)
    for user in others:
        c = _client(user)
        for url in (Q, f"{Q}{app.pk}/", f"{API}/applications", f"{API}/applications/{app.pk}"):
            assert c.get(url).status_code == 403, (user, url)
        assert c.post(f"{Q}{app.pk}/return/", {"reasons": "x"}).status_code == 403
        assert _post_json(c, f"{API}/applications/{app.pk}/return", {"reasons": ["x"]}).status_code == 403
    app.refresh_from_db()
    assert app.state == State.HOST_REVIEW
    _client(w.host_user).post(f"{Q}{app.pk}/return/", {"reasons": "缺少学历证书"})
    # only the sending office corrects: another office's reviewer sees nothing, other roles are refused
    other_office = _client(w.other_office_reviewer)
    assert app.applicant.real_name not in other_office.get(f"{Q}office/").content.decode()
    assert other_office.get(f"{Q}office/{app.pk}/").status_code == 404
    assert other_office.post(f"{Q}office/{app.pk}/", {"note": "已补"}).status_code == 404
    assert _post_json(other_office, f"{API}/office/returns/{app.pk}/resubmit", {"note": "已补"}).status_code == 404
    for user in (w.host_user, other_host, w.hr, app.applicant, w.expert):
        c = _client(user)
        assert c.get(f"{Q}office/").status_code == 403
        assert c.post(f"{Q}office/{app.pk}/", {"note": "已补"}).status_code == 403
        assert _post_json(c, f"{API}/office/returns/{app.pk}/resubmit", {"note": "已补"}).status_code == 403
    app.refresh_from_db()
    assert app.state == State.HOST_RETURNED


def test_the_queue_and_the_office_list_cost_the_same_for_more_rows(world):
    apps = stage4_host.middles_forwarded(world, 3).middles
    host, office = _client(world.host_user), _client(world.office_reviewer)
    host.get(Q), office.get(f"{Q}office/")  # the session's first request reads more (its caches)
    three = count_queries(host, Q)
    for a in apps[:2]:
        host.post(f"{Q}{a.pk}/return/", {"reasons": "缺少学历证书"})
    assert count_queries(host, Q) == three  # one row left
    returned_two = count_queries(host, f"{Q}?state=host_returned")
    office_two = count_queries(office, f"{Q}office/")
    office.post(f"{Q}office/{apps[0].pk}/", {"note": "已补"})
    assert count_queries(host, f"{Q}?state=host_returned") == returned_two
    assert count_queries(office, f"{Q}office/") == office_two
