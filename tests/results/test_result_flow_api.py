"""/api/v1/results: the same services as the screens — notice, public read without ID numbers, 报送, 备案/核准,
发文 — and the same refusals."""

from django.test import Client

from zhicheng.results.models import Certificate
from zhicheng.workflow.states import State

from ..support import stage5 as s5

API = "/api/v1/results"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_the_flow_through_the_api(world):
    s5.passed(world)
    host = _client(world.host_user)
    with s5.at(s5.PUBLISHED):
        r = host.post(f"{API}/notices", {"committee_id": world.committee.pk}, content_type="application/json")
    assert r.status_code == 201, r.content
    notice = r.json()
    assert notice["ends_on"] == "2026-10-10" and len(notice["entries"]) == 2
    with s5.at(s5.PUBLISHED):
        listed = host.get(f"{API}/notices?page=1").json()
    assert [n["id"] for n in listed["items"]] == [notice["id"]] and listed["count"] == 1
    with s5.at(s5.RUNNING):
        r = Client().get(f"{API}/public/notices/{notice['id']}")
        assert r.status_code == 200 and world.applicant.id_number not in r.content.decode()
        assert world.applicant.phone not in r.content.decode()
    with s5.at(s5.LAST):  # a new session at each moved clock (the old one would have timed out)
        r = _client(world.host_user).post(f"{API}/notices/{notice['id']}/report", content_type="application/json")
        assert r.status_code == 422 and "起方可报送" in r.json()["detail"][0]
    with s5.at(s5.AFTER):
        assert Client().get(f"{API}/public/notices/{notice['id']}").status_code == 410
        r = _client(world.host_user).post(f"{API}/notices/{notice['id']}/report", content_type="application/json")
    assert r.status_code == 201
    report = r.json()["id"]
    assert _client(world.host_user).get(f"{API}/reports").status_code == 403
    province = _client(world.provincial)
    listed = province.get(f"{API}/reports").json()
    assert [x["id"] for x in listed["items"]] == [report] and listed["count"] == 1
    r = province.post(f"{API}/reports/{report}/decisions", {"action": "file_result", "application_ids": [world.senior.pk]},
                      content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"] == ["高级职称评审结果须报省职改办核准，不能备案。"]
    r = province.post(f"{API}/reports/{report}/decisions", {"action": "file_result", "application_ids": [world.middle.pk]},
                      content_type="application/json")
    assert r.status_code == 200
    doc = {"number": "冀职改〔2026〕12号", "authority": "河北省职改办", "issued_on": "2026-10-20",
           "application_ids": [world.middle.pk]}
    assert _client(world.hr).post(f"{API}/documents", doc, content_type="application/json").status_code == 403
    r = _client(world.host_user).post(f"{API}/documents", doc, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["entries"][0]["certificate_number"] == Certificate.objects.get().number
    world.middle.refresh_from_db()
    assert world.middle.state == State.ISSUED
    assert _client(world.provincial).get(f"{API}/documents/{r.json()['id']}").status_code == 404
