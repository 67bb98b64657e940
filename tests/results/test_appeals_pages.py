"""复查申请与投诉 pages and API: who reaches what (404/403), the outcome shown to the applicant, the host's
list guarded by a query count that does not grow."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.support import stage5_appeals as s5
from tests.support.queries import count_queries
from zhicheng.orgs.roles import Role
from zhicheng.results import appeals
from zhicheng.results.models_appeals import Appeal


@pytest.fixture
def failed(world):
    return s5.decided(world)


def test_applicant_files_on_the_page(world, failed, client):
    client.force_login(world.applicant)
    assert f"/results/appeals/new/{failed.pk}/" in client.get("/results/appeals/").content.decode()
    page = client.get(f"/results/appeals/new/{failed.pk}/")
    assert page.status_code == 200 and "提出复查申请或投诉" in page.content.decode()
    r = client.post(f"/results/appeals/new/{failed.pk}/", {"kind": "recheck", "text": ""})
    assert r.status_code == 422 and "errorlist" in r.content.decode()
    r = client.post(f"/results/appeals/new/{failed.pk}/", {"kind": "recheck", "text": "请求复查。"})
    a = Appeal.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/results/appeals/{a.pk}/"
    r = client.post(f"/results/appeals/new/{failed.pk}/", {"kind": "recheck", "text": "再次请求。"})
    assert r.status_code == 422 and "未办结的复查申请" in r.content.decode()
    assert "复查申请" in client.get("/results/appeals/").content.decode()


def test_others_cannot_file(world, failed, client):
    client.force_login(world.other_applicant)
    assert client.get(f"/results/appeals/new/{failed.pk}/").status_code == 404
    client.force_login(world.hr)  # the unit sees the dossier, but only its owner files
    assert client.get(f"/results/appeals/new/{failed.pk}/").status_code == 403
    assert client.post(f"/results/appeals/new/{failed.pk}/", {"kind": "recheck", "text": "x"}).status_code == 403
    assert not Appeal.objects.exists()


def test_handling_pages_right_host_only(world, failed, client):
    a = appeals.file_appeal(world.applicant, failed, kind="complaint", text="评审专家应回避而未回避。")
    client.force_login(world.host2_user)
    assert client.get(f"/results/appeals/{a.pk}/").status_code == 404
    assert client.post(f"/results/appeals/{a.pk}/accept/").status_code == 404
    assert str(a.pk) not in client.get("/results/appeals/handling/").content.decode().split("<tbody>")[1]
    client.force_login(world.other_applicant)
    assert client.get(f"/results/appeals/{a.pk}/").status_code == 404
    client.force_login(world.host_user)
    assert "评审专家应回避" in client.get(f"/results/appeals/{a.pk}/").content.decode()
    assert f"/results/appeals/{a.pk}/" in client.get("/results/appeals/handling/").content.decode()
    assert client.post(f"/results/appeals/{a.pk}/accept/", {"note": ""}).status_code == 302
    client.post(f"/results/appeals/{a.pk}/step/", {"note": "核查回避记录。"})
    client.post(f"/results/appeals/{a.pk}/decide/", {"outcome": "corrected", "reason": "该专家应回避，重新评审。"})
    a.refresh_from_db()
    assert a.outcome == "corrected"
    client.force_login(world.applicant)
    page = client.get(f"/results/appeals/{a.pk}/").content.decode()
    assert "予以纠正" in page and "该专家应回避，重新评审。" in page and "核查回避记录。" in page
    assert "冯组建" not in page  # the handler's staff are not named to the applicant
    for who in (world.applicant, world.hr, world.expert):
        client.force_login(who)
        assert client.get("/results/appeals/handling/").status_code == 403


def test_api(world, failed, client):
    client.force_login(world.applicant)
    r = client.post("/api/v1/appeals", {"application": failed.pk, "kind": "recheck", "text": "请求复查。"},
                    content_type="application/json")
    assert r.status_code == 201
    pk = r.json()["id"]
    r = client.post("/api/v1/appeals", {"application": failed.pk, "kind": "recheck", "text": "again"},
                    content_type="application/json")
    assert r.status_code == 422
    client.force_login(world.host2_user)
    assert client.get(f"/api/v1/appeals/{pk}").status_code == 404
    assert client.post(f"/api/v1/appeals/{pk}/accept", {}, content_type="application/json").status_code == 404
    client.force_login(world.host_user)
    assert client.post(f"/api/v1/appeals/{pk}/accept", {}, content_type="application/json").status_code == 200
    r = client.post(f"/api/v1/appeals/{pk}/decide", {"outcome": "upheld", "reason": "结论无误。"},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["outcome_label"] == "维持原结论"
    client.force_login(world.applicant)
    body = client.get(f"/api/v1/appeals/{pk}").json()
    assert body["status"] == "closed" and body["outcome_reason"] == "结论无误。"
    client.force_login(world.other_applicant)
    assert client.post("/api/v1/appeals", {"application": failed.pk, "kind": "complaint", "text": "x"},
                       content_type="application/json").status_code == 404


def test_host_list_queries_do_not_grow(world, failed, client):
    def more(n):
        for _ in range(n):
            person = f.user(Role.APPLICANT, world.unit, name="复查人")
            app = s5.decided(world, f.application(person, world.campaign), state="passed")
            appeals.file_appeal(person, app, kind="complaint", text="投诉。")

    more(1)
    client.force_login(world.host_user)
    count_queries(client, "/results/appeals/handling/")
    before = count_queries(client, "/results/appeals/handling/")
    more(5)
    assert count_queries(client, "/results/appeals/handling/") == before
