"""/api/v1/publicity: the unit HR's notices and objections; the public notice and objections (no login)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhicheng.publicity.models import Objection
from zhicheng.workflow.states import State

from .. import factories as f
from .conftest import FIRST, LAST, PUBLISHED, at
from .steps import recommended

API = "/api/v1/publicity"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_hr_creates_and_reads_a_notice(world):
    recommended([world.app], world.hr)
    c = _client(world.hr)
    with at(PUBLISHED):
        r = c.post(f"{API}/notices", {"campaign_id": world.campaign.pk, "starts_on": "bad"},
                   content_type="application/json")
        assert r.status_code == 422 and r.json()["fields"]["starts_on"] == ["请输入有效的日期，如2026-11-02。"]
        r = _client(world.other_hr).post(f"{API}/notices", {"campaign_id": world.campaign.pk},
                                         content_type="application/json")
        assert r.status_code == 404
        r = c.post(f"{API}/notices", {"campaign_id": world.campaign.pk}, content_type="application/json")
    assert r.status_code == 201
    body = r.json()
    assert (body["starts_on"], body["ends_on"], body["period"]) == ("2026-09-29", "2026-10-10",
                                                                    "2026年9月29日—2026年10月10日")
    assert body["entries"][0]["application_id"] == world.app.pk and body["entries"][0]["version_number"] == 1
    assert body["entries"][0]["state"] == State.IN_NOTICE
    c = _client(world.hr)  # a new session now (the clock moved on)
    assert [n["id"] for n in c.get(f"{API}/notices").json()["items"]] == [body["id"]]
    assert c.get(f"{API}/notices/{body['id']}").json()["title"] == body["title"]
    for who in (world.other_hr, world.leader, world.assessor, world.office_reviewer, world.provincial,
                world.host_user, world.expert, world.applicant):
        assert _client(who).get(f"{API}/notices/{body['id']}").status_code == 404, who
        assert _client(who).get(f"{API}/notices").json() == {"items": [], "count": 0}, who
    with at(LAST):
        c = _client(world.hr)
        r = c.post(f"{API}/notices/{body['id']}/close")
        assert r.status_code == 422 and "2026年10月11日起方可结束公示" in r.json()["detail"][0]
    with at(LAST + datetime.timedelta(days=1)):
        c = _client(world.hr)
        r = c.post(f"{API}/notices/{body['id']}/close")
    assert r.status_code == 200 and r.json()["entries"][0]["passed"] is True


def test_public_read_and_objection_without_login(notice, world):
    url = f"{API}/public/{notice.pk}"
    with at(PUBLISHED):
        assert Client().get(url).status_code == 404  # not started
    with at(FIRST):
        r = Client().get(url)
        assert r.status_code == 200
        assert r.json()["people"][0]["name"] == "张建国"
        assert world.applicant.id_number not in r.content.decode() and world.applicant.phone not in r.content.decode()
        data = {"entry_id": notice.entries.get().pk, "real_name": "王五", "contact": "13912345678",
                "facts": "学历造假", "evidence": [SimpleUploadedFile("a.png", f.png_bytes(), content_type="image/png")]}
        r = Client(enforce_csrf_checks=True).post(f"{url}/objections", data)
        assert r.status_code == 201, r.content
        r = Client().post(f"{url}/objections", {**data, "evidence": [], "real_name": ""})
        assert r.status_code == 422 and r.json()["fields"]["real_name"] == ["请填写真实姓名。"]
    o = Objection.objects.get()
    assert o.evidence.count() == 1
    c = _client(world.hr)
    with at(FIRST):
        listed = c.get(f"{API}/objections").json()["items"]
        assert [x["id"] for x in listed] == [o.pk] and listed[0]["real_name"] == "王五"
        assert listed[0]["evidence"] == ["a.png"] and listed[0]["status"] == "received"
        assert c.get(f"{API}/objections/{o.pk}").json()["facts"] == "学历造假"
        for who in (world.other_hr, world.applicant, world.leader, world.assessor, world.office_reviewer,
                    world.provincial, world.host_user, world.expert):
            assert _client(who).get(f"{API}/objections/{o.pk}").status_code == 404
            assert _client(who).get(f"{API}/objections").json() == {"items": [], "count": 0}
    with at(LAST + datetime.timedelta(days=1), 0, 0, 0):
        r = Client().get(url)
        assert r.status_code == 410 and "张建国" not in r.content.decode()
        r = Client().post(f"{url}/objections", {**data, "evidence": []})
        assert r.status_code == 422 and r.json()["detail"] == ["公示已于2026年10月10日结束，不再受理异议。"]


def test_findings_through_the_actions_endpoint(notice, world):
    from zhicheng.publicity import services as ps

    with at(FIRST):
        ps.raise_objection(notice, entry_id=notice.entries.get().pk, real_name="王五", contact="1", facts="x")
        c = _client(world.hr)
        base = f"/api/v1/applications/{world.app.pk}/actions"
        assert c.post(f"{base}/investigate", {}, content_type="application/json").status_code == 200
        r = c.post(f"{base}/clear_objection", {"reason": "不成立", "data": {}}, content_type="application/json")
        assert r.status_code == 422 and "investigation" in r.json()["fields"]
        r = c.post(f"{base}/clear_objection", {"reason": "不成立", "data": {"investigation": "核对原件"}},
                   content_type="application/json")
        assert r.status_code == 200
        assert c.get(f"{API}/objections").json()["items"][0]["status"] == "unfounded"
    world.app.refresh_from_db()
    assert world.app.state == State.IN_NOTICE
