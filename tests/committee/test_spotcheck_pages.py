"""§四(一) pages and API: the provincial office's batches, draw, findings, return and delegation; the office's
returned list and resubmission; everyone else 403/404; the batch page's queries do not grow with its rows."""

import pytest
from django.test import Client

from zhicheng.committee import spotcheck as sc
from zhicheng.committee.models import SpotCheck, SpotFinding, SpotReturn
from zhicheng.dossier.permissions import can_view
from zhicheng.office_review.models import Forwarding, ForwardingEntry
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.workflow.states import State

from .. import factories as f
from ..support import stage4
from ..support.queries import count_queries
from .spot_support import world_with_seniors

API = "/api/v1/spot-checks"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def w(world):
    return stage4.forwarded(world)


def test_the_provincial_office_works_through_the_pages(w):
    c = _client(w.provincial)
    b = w.province_batch
    page = c.get("/committee/spot-checks/").content.decode()
    assert f"/committee/spot-checks/{b.pk}/" in page and w.office.name in page and "未抽取" in page
    assert w.host_batch.pk != b.pk and f"/committee/spot-checks/{w.host_batch.pk}/" not in page
    assert c.post(f"/committee/spot-checks/{b.pk}/draw/").status_code == 302
    check = SpotCheck.objects.get()
    page = c.get(f"/committee/spot-checks/{b.pk}/").content.decode()
    assert check.seed in page and "random.Random" in page and "与记录一致" in page
    assert w.senior.applicant.id_number not in page and "抽中的申报尚未记录抽查结论" in page
    url = f"/committee/spot-checks/{b.pk}/findings/{w.senior.pk}/"
    page = c.get(url).content.decode()
    assert f"/applications/{w.senior.pk}/actions/disqualify/" in page
    r = c.post(url, {"result": "problem", "items": ""})
    assert r.status_code == 422 and "请逐条列出全部问题" in r.content.decode()
    assert c.post(url, {"result": "problem", "items": "职称证书复印件不清晰\n\n论文未附检索证明"}).status_code == 302
    assert SpotFinding.objects.get().items == ["职称证书复印件不清晰", "论文未附检索证明"]
    page = c.get(url).content.decode()
    assert "退回主管部门补正（一次性告知）" in page
    assert c.post(url + "return/", {"reason": "请同时补充学历认证。"}).status_code == 302
    w.senior.refresh_from_db()
    assert w.senior.state == State.SPOT_RETURNED
    ret = SpotReturn.objects.get()
    # The office sees it with the reasons and the deadline, and resubmits.
    o = _client(w.office_reviewer)
    page = o.get("/committee/spot-checks/returned/").content.decode()
    assert "论文未附检索证明" in page and "请同时补充学历认证。" in page and f"{ret.deadline.month}月{ret.deadline.day}日" in page
    assert w.senior.applicant.id_number not in page
    assert _client(w.other_office_reviewer).post(
        f"/committee/spot-checks/returned/{w.senior.pk}/resubmit/").status_code == 404
    assert o.post(f"/committee/spot-checks/returned/{w.senior.pk}/resubmit/").status_code == 302
    w.senior.refresh_from_db()
    assert w.senior.state == State.SPOT_CHECK
    # Checked again, then delegated from the batch page.
    assert c.post(url, {"result": "ok", "items": ""}).status_code == 302
    assert "委托" in c.get(f"/committee/spot-checks/{b.pk}/").content.decode()
    assert not can_view(w.host_user, w.senior)
    assert c.post(f"/committee/spot-checks/{b.pk}/delegate/").status_code == 302
    w.senior.refresh_from_db()
    assert w.senior.state == State.HOST_REVIEW and can_view(w.host_user, w.senior)
    fw = Forwarding.objects.get(kind=Forwarding.Kind.HOST, to_org=w.host, office=w.province)
    page = c.get(f"/committee/spot-checks/{b.pk}/").content.decode()
    assert f"/office/forwarding/{fw.pk}/transfer.pdf" in page
    assert _client(w.host_user).get(f"/office/forwarding/{fw.pk}/transfer.xlsx").status_code == 200


def test_everyone_else_is_refused(w):
    other_province = f.org("山西省职称改革领导小组办公室", OrgKind.PROVINCE)
    other = f.user(Role.PROVINCIAL_OFFICE, other_province, name="晋主任")
    b = w.province_batch
    check = sc.draw(w.provincial, b)
    for user in (w.office_reviewer, w.other_office_reviewer, w.host_user, w.hr, w.applicant, w.expert):
        c = _client(user)
        assert c.get("/committee/spot-checks/").status_code == 403, user
        assert c.get(f"/committee/spot-checks/{b.pk}/").status_code == 404
        assert c.post(f"/committee/spot-checks/{b.pk}/delegate/").status_code == 404
        assert c.get(f"/committee/spot-checks/{b.pk}/findings/{w.senior.pk}/").status_code == 404
        assert c.get(API).status_code == 403 and c.get(f"{API}/{b.pk}").status_code == 403
        assert c.get(f"{API}/{b.pk}/entries").status_code == 403
        assert c.post(f"{API}/{b.pk}/draw").status_code == 403
    c = _client(other)
    assert "暂无报送批次" in c.get("/committee/spot-checks/").content.decode()
    for url in (f"/committee/spot-checks/{b.pk}/", f"/committee/spot-checks/{b.pk}/findings/{w.senior.pk}/"):
        assert c.get(url).status_code == 404
    assert c.post(f"/committee/spot-checks/{b.pk}/draw/").status_code == 404
    assert c.get(API).json() == [] and c.get(f"{API}/{b.pk}").status_code == 404
    assert c.get(f"{API}/{b.pk}/entries").status_code == 404
    assert c.put(f"{API}/findings/{w.senior.pk}", {"result": "ok"},
                 content_type="application/json").status_code == 404
    assert c.post(f"{API}/{b.pk}/delegate").status_code == 404
    assert not SpotFinding.objects.exists() and SpotCheck.objects.get() == check
    for user in (w.provincial, w.host_user, w.hr, w.applicant):
        assert _client(user).get("/committee/spot-checks/returned/").status_code == 403
        assert _client(user).get(f"{API}/returned").status_code == 403
    # The host batch is not the province's to check.
    assert _client(w.provincial).get(f"/committee/spot-checks/{w.host_batch.pk}/").status_code == 404


def test_the_api_draws_records_and_delegates(w):
    c = _client(w.provincial)
    b = w.province_batch
    (row,) = c.get(API).json()
    assert row["id"] == b.pk and row["counts"] == {"spot_check": 1} and row["spot_check"] is None
    r = c.post(f"{API}/{b.pk}/draw")
    body = r.json()
    assert r.status_code == 201 and body["spot_check"]["sampled_ids"] == [w.senior.pk]
    assert body["spot_check"]["reproduced_ids"] == body["spot_check"]["sampled_ids"]
    assert sc.sample(body["spot_check"]["seed"], body["spot_check"]["eligible_ids"], 1) == [w.senior.pk]
    assert "entries" not in body  # the batch's people are their own paged list
    listed = c.get(f"{API}/{b.pk}/entries").json()
    assert listed["count"] == 1 and listed["items"][0]["sampled"] is True
    assert listed["items"][0]["id_number"] != w.senior.applicant.id_number
    assert c.post(f"{API}/{b.pk}/draw").status_code == 409
    r = c.post(f"{API}/{b.pk}/delegate")
    assert r.status_code == 422 and "尚未记录抽查结论" in r.json()["detail"][0]
    r = c.put(f"{API}/findings/{w.senior.pk}", {"result": "problem", "items": []},
              content_type="application/json")
    assert r.status_code == 422
    r = c.put(f"{API}/findings/{w.senior.pk}", {"result": "problem", "items": ["缺少业绩证明"]},
              content_type="application/json")
    assert r.status_code == 200 and r.json()["items"] == ["缺少业绩证明"]
    r = c.post(f"/api/v1/applications/{w.senior.pk}/actions/spot_return", {"reason": "见抽查结论"},
               content_type="application/json")
    assert r.status_code == 200, r.content
    (ret,) = _client(w.office_reviewer).get(f"{API}/returned").json()["items"]
    assert ret["reasons"] == ["缺少业绩证明"] and ret["application_id"] == w.senior.pk
    assert _client(w.other_office_reviewer).get(f"{API}/returned").json() == {"items": [], "count": 0}
    r = _client(w.office_reviewer).post(f"/api/v1/applications/{w.senior.pk}/actions/resubmit_spot", {},
                                        content_type="application/json")
    assert r.status_code == 200, r.content
    c.put(f"{API}/findings/{w.senior.pk}", {"result": "ok"}, content_type="application/json")
    r = c.post(f"{API}/{b.pk}/delegate")
    assert r.status_code == 201 and r.json()[0]["to_org"] == w.host.name and r.json()[0]["entries"] == 1


def test_batch_and_index_pages_do_not_grow_with_rows(world):
    w = world_with_seniors(world, 6)
    for batch in (w.province_batch, w.big_batch):
        check = sc.draw(w.provincial, batch, seed="q")
        for pk in check.sampled_ids:
            sc.record_finding(w.provincial, check, type(w.senior).objects.get(pk=pk), ok=True)
    c = _client(w.provincial)
    small, big = f"/committee/spot-checks/{w.province_batch.pk}/", f"/committee/spot-checks/{w.big_batch.pk}/"
    c.get(small)
    assert count_queries(c, small) == count_queries(c, big)
    index = "/committee/spot-checks/"
    c.get(index)
    before = count_queries(c, index)
    for _ in range(3):  # more batches on the list (rows written directly: only the page's reads are measured)
        fw = Forwarding.objects.create(office=w.office, to_org=w.province, kind=Forwarding.Kind.PROVINCE,
                                       year=2026, created_by=w.office_reviewer)
        ForwardingEntry.objects.create(forwarding=fw, application=w.senior, order=1)
    assert count_queries(c, index) == before
    returned = "/committee/spot-checks/returned/"
    o = _client(w.office_reviewer)
    o.get(returned)
    assert count_queries(o, returned) <= before + 5


def test_the_dossier_page_buttons_work_through_the_registered_actions(w):
    c = _client(w.provincial)
    check = sc.draw(w.provincial, w.province_batch)
    detail = f"/applications/{w.senior.pk}/"
    assert "/actions/spot_return/" not in c.get(detail).content.decode()  # no finding listed yet
    sc.record_finding(w.provincial, check, w.senior, ok=False, items=["缺少年度考核表"])
    assert "/actions/spot_return/" in c.get(detail).content.decode()
    assert c.get(detail + "actions/spot_return/").status_code == 200
    assert c.post(detail + "actions/spot_return/", {"reason": "请补正"}).status_code == 302
    w.senior.refresh_from_db()
    assert w.senior.state == State.SPOT_RETURNED and SpotReturn.objects.get().reasons == ["缺少年度考核表"]
    o = _client(w.office_reviewer)
    assert "/actions/resubmit_spot/" in o.get(detail).content.decode()
    assert o.post(detail + "actions/resubmit_spot/").status_code == 302
    sc.record_finding(w.provincial, check, w.senior, ok=True)
    assert "/actions/delegate_to_host/" in c.get(detail).content.decode()
    assert c.post(detail + "actions/delegate_to_host/").status_code == 302
    w.senior.refresh_from_db()
    assert w.senior.state == State.HOST_REVIEW and can_view(w.host_user, w.senior)
