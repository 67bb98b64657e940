"""The host's pages and API: forms through the services, another host's records 404, query counts constant."""

import pytest
from django.test import Client

from zhicheng.committee import services
from zhicheng.committee.models import Committee, Expert, PanelDraw

from ..support.queries import count_queries
from .conftest import MEETING_DAY, committee, experts, meeting

pytestmark = pytest.mark.dates
API = "/api/v1/committees"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _drawn_meeting(world, n=14):
    c = committee(world.host_user, specialty="电气")
    experts(world.host_user, n)
    m = meeting(world.host_user, c)
    services.draw_panel(world.host_user, m, size=11, seed="页面种子")
    return c, m


def test_host_home_links_and_creates_through_the_pages(world):
    c = _client(world.host_user)
    assert "/committee/" in c.get("/").content.decode()
    r = c.post("/committee/", {"name": "河北省工程技术系列电气专业高级评审委员会", "series_code": "080", "specialty": "电气",
                               "levels": ["senior"], "approval_number": "冀职改办〔2025〕3号",
                               "approval_date": "2026-01-01", "valid_from": "2026-01-01", "valid_until": "2029-01-01"})
    assert r.status_code == 422 and "最晚至2028年12月31日" in r.content.decode()
    r = c.post("/committee/", {"name": "河北省工程技术系列电气专业高级评审委员会", "series_code": "080", "specialty": "电气",
                               "levels": ["senior"], "approval_number": "冀职改办〔2025〕3号",
                               "approval_date": "2026-01-01", "valid_from": "2026-01-01", "valid_until": "2028-12-31"})
    committee_obj = Committee.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/committee/{committee_obj.pk}/"
    page = c.get("/committee/").content.decode()
    assert "2026年1月1日—2028年12月31日" in page
    for i in range(11):
        r = c.post("/committee/experts/", {"real_name": f"专家{i}", "unit_name": "河北工业大学", "title_code": "Z0801",
                                           "specialty": "电气", "term_start": "2026-01-01", "term_end": "2028-12-31"})
        assert r.status_code == 302
    r = c.post(f"/committee/{committee_obj.pk}/", {"level": "senior", "date": MEETING_DAY.isoformat(), "place": "石家庄"})
    assert r.status_code == 302
    m = committee_obj.meetings.get()
    r = c.post(f"/committee/meetings/{m.pk}/draw/", {"size": "10"})
    assert r.status_code == 422 and "评审专家人数须为单数，10人为双数。" in r.content.decode()
    r = c.post(f"/committee/meetings/{m.pk}/draw/", {"size": "11", "seed": "abc"})
    assert r.status_code == 302
    page = c.get(f"/committee/meetings/{m.pk}/").content.decode()
    draw = PanelDraw.objects.get()
    chair = Expert.objects.get(pk=draw.chair_id)
    assert "abc" in page and "主任委员" in page and chair.real_name in page and "random.Random" in page
    assert "2026年5月20日" in page


def test_expert_edit_page(world):
    e = experts(world.host_user, 1)[0]
    c = _client(world.host_user)
    assert c.get(f"/committee/experts/{e.pk}/").status_code == 200
    r = c.post(f"/committee/experts/{e.pk}/", {"real_name": "李工", "unit_name": "河北工业大学", "title_code": "082",
                                               "specialty": "电气", "term_start": "2026-01-01", "term_end": "2027-12-31"})
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.real_name == "李工" and e.title.code == "082"


def test_replacement_through_the_page(world):
    _, m = _drawn_meeting(world)
    members, chair = services.panel(m)
    r = _client(world.host_user).post(f"/committee/meetings/{m.pk}/replace/", {"replaced_ids": [chair]})
    assert r.status_code == 302
    new_members, new_chair = services.panel(m)
    assert chair not in new_members and len(new_members) == 11 and new_chair != chair


def test_another_host_gets_404_on_pages_and_api(world, other_host):
    c_obj, m = _drawn_meeting(world)
    e = Expert.objects.filter(host=world.host).first()
    other = _client(other_host)
    for url in (f"/committee/{c_obj.pk}/", f"/committee/experts/{e.pk}/", f"/committee/meetings/{m.pk}/"):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/committee/meetings/{m.pk}/draw/", {"size": "11"}).status_code == 404
    assert other.post(f"/committee/meetings/{m.pk}/replace/", {"replaced_ids": [e.pk]}).status_code == 404
    assert "河北省工程技术" not in other.get("/committee/").content.decode()
    assert other.get(f"{API}").json()["items"] == [] and other.get(f"{API}/experts").json()["count"] == 0
    assert other.get(f"{API}/{c_obj.pk}/meetings").status_code == 404
    assert other.get(f"{API}/meetings/{m.pk}").status_code == 404
    assert other.post(f"{API}/meetings/{m.pk}/draw", {"size": 11}, content_type="application/json").status_code == 404
    assert other.post(f"{API}/meetings/{m.pk}/replace", {"replaced_ids": [e.pk]},
                      content_type="application/json").status_code == 404
    assert other.put(f"{API}/experts/{e.pk}", {"real_name": "x", "unit_name": "x", "title_code": "082",
                                               "specialty": "x", "term_start": "2026-01-01", "term_end": "2026-12-31"},
                     content_type="application/json").status_code == 404
    assert PanelDraw.objects.count() == 1
    # Not a host at all: 403.
    assert _client(world.hr).get("/committee/").status_code == 403
    assert _client(world.hr).get(API).status_code == 403


def test_api_flow(world):
    c = _client(world.host_user)
    r = c.post(API, {"name": "河北省工程技术系列高级评审委员会", "series_code": "080", "levels": ["senior"],
                     "approval_number": "冀职改办〔2025〕3号", "approval_date": "2026-01-01",
                     "valid_from": "2026-01-01", "valid_until": "2029-01-01"}, content_type="application/json")
    assert r.status_code == 422 and "valid_until" in r.json()["fields"]
    r = c.post(API, {"name": "河北省工程技术系列高级评审委员会", "series_code": "080", "levels": ["senior"],
                     "approval_number": "冀职改办〔2025〕3号", "approval_date": "2026-01-01",
                     "valid_from": "2026-01-01", "valid_until": "2028-12-31"}, content_type="application/json")
    assert r.status_code == 201
    cid = r.json()["id"]
    for i in range(25):
        r = c.post(f"{API}/experts", {"real_name": f"专家{i}", "unit_name": "河北工业大学", "title_code": "Z0801",
                                      "specialty": "电气", "term_start": "2026-01-01", "term_end": "2028-12-31"},
                   content_type="application/json")
        assert r.status_code == 201
    listed = c.get(f"{API}/experts").json()
    assert listed["count"] == 25 and len(listed["items"]) == 20  # paged: 20 a page
    r = c.post(f"{API}/{cid}/meetings", {"level": "senior", "date": "2026-05-20", "place": "石家庄"},
               content_type="application/json")
    assert r.status_code == 201
    mid = r.json()["id"]
    r = c.post(f"{API}/meetings/{mid}/draw", {"size": 23}, content_type="application/json")
    assert r.status_code == 422 and "至少需要25名专家" in r.json()["detail"][0]
    r = c.post(f"{API}/meetings/{mid}/draw", {"size": 25, "seed": "api"}, content_type="application/json")
    body = r.json()
    assert r.status_code == 201 and len(body["members"]) == 25 and body["draws"][0]["seed"] == "api"
    assert body["status"] == "drawn"
    assert body["chair_id"] == body["draws"][0]["drawn_ids"][0]
    assert services.sample("api", body["draws"][0]["eligible_ids"], 25) == body["draws"][0]["drawn_ids"]
    r = c.post(f"{API}/meetings/{mid}/draw", {"size": 25}, content_type="application/json")
    assert r.status_code == 409


def test_query_counts_do_not_grow_with_the_pool(world):
    c_obj, m = _drawn_meeting(world, n=12)
    client = _client(world.host_user)
    urls = ("/committee/", "/committee/experts/", f"/committee/{c_obj.pk}/", f"/committee/meetings/{m.pk}/")
    for u in urls:  # the first request of a session writes the session: not part of the page
        client.get(u)
    before = {u: count_queries(client, u) for u in urls}
    experts(world.host_user, 30, name="新增")
    committee(world.host_user, name="第二个评委会")
    meeting(world.host_user, c_obj)
    services.draw_replacements(world.host_user, m, replaced_ids=services.panel(m)[0][:3])
    after = {u: count_queries(client, u) for u in urls}
    assert after == before
