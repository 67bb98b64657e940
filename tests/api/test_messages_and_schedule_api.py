"""消息 and 审查时间安排 through the API: the same scope and refusals as their pages."""

import datetime
import json

import pytest
from django.test import Client

from zhicheng.messaging.services import notify
from zhicheng.office_review.models import OfficeSchedule
from zhicheng.orgs.roles import Role

from .. import factories as f

API = "/api/v1"


@pytest.fixture
def orgs(db):
    province = f.org("省职改办", "province")
    office = f.org("市教育局", "office", province)
    other = f.org("市卫健委", "office", province)
    return office, other


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_person_reads_and_marks_only_their_own_messages(orgs):
    me, someone = f.user(), f.user()
    mine = notify(me, subject="网上审核已通过", body="请报送纸质材料。", email=False)
    theirs = notify(someone, subject="别人的消息", body="x", email=False)
    c = _client(me)
    r = c.get(f"{API}/messages")
    assert r.status_code == 200 and [m["subject"] for m in r.json()["items"]] == ["网上审核已通过"]
    assert c.post(f"{API}/messages/{theirs.pk}/read", content_type="application/json").status_code == 404
    r = c.post(f"{API}/messages/{mine.pk}/read", content_type="application/json")
    assert r.status_code == 200 and r.json()["read_at"]
    assert c.get(f"{API}/messages?unread=true").json()["items"] == []
    notify(me, subject="第二条", body="y", email=False)
    assert c.post(f"{API}/messages/read-all", content_type="application/json").json() == {"marked": 1}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_office_sets_its_schedule_through_the_api_and_no_one_else(orgs):
    office, other = orgs
    reviewer = f.user(Role.OFFICE_REVIEWER, office)
    c = _client(reviewer)
    r = c.put(f"{API}/office/schedule/prereview?year=2026",
              data=json.dumps({"starts_on": "2026-09-29", "working_days": 5}), content_type="application/json")
    assert r.status_code == 200, r.content
    steps = {s["step"]: s for s in r.json()["steps"]}
    assert steps["prereview"]["ends_on"] == "2026-10-10" and steps["online"]["ends_on"] is None
    bad = c.put(f"{API}/office/schedule/prereview?year=2026",
                data=json.dumps({"starts_on": "2026-09-29", "working_days": 0}), content_type="application/json")
    assert bad.status_code == 422 and "工作日数" in bad.json()["fields"]["working_days"][0]
    assert c.put(f"{API}/office/schedule/nonsense?year=2026", data=json.dumps(
        {"starts_on": "2026-09-29", "working_days": 5}), content_type="application/json").status_code == 404
    assert c.get(f"{API}/office/schedule?year=2026&office_id={other.pk}").status_code == 404
    hr = f.user(Role.UNIT_HR, f.org("市第一中学", "unit", office))
    assert _client(hr).get(f"{API}/office/schedule?year=2026").status_code == 403
    assert OfficeSchedule.objects.get().ends_on == datetime.date(2026, 10, 10)
