"""Screens and API of the scoring stage: the same rules, scope (out of scope = 404), Chinese messages."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhicheng.campaigns.models import PanelMember
from zhicheng.orgs.roles import Role
from zhicheng.scoring import services
from zhicheng.scoring.models import Assignment, CollectiveDecision, Meeting
from zhicheng.workflow.states import State

from .. import factories as f
from .helpers import assign_all, full, panel, score_all, verified_apps

pytestmark = pytest.mark.usefixtures("verify_built")
API = "/api/v1/scoring"


def as_user(u) -> Client:
    c = Client()
    c.force_login(u)
    return c


def outsiders(world):
    """Another unit's HR, leader and panel assessor (on their own campaign's panel)."""
    leader = f.user(Role.UNIT_LEADER, world.other_unit, name="他院长")
    assessor = f.user(Role.ASSESSOR, world.other_unit, name="他评委")
    PanelMember.objects.create(campaign=world.other_campaign, user=assessor, duty=PanelMember.Duty.LEADER)
    return [world.other_hr, leader, assessor, world.applicant2, world.office_reviewer, world.provincial]


def scored(world, n=2, assessors=2):
    apps = verified_apps(world, n)
    users = panel(world, assessors)
    asgs = assign_all(world, apps, users)
    score_all(asgs, {a.pk: 5 + i for i, a in enumerate(apps)})
    return apps, users, asgs


def test_scheme_page_saves_and_reports_errors(world):
    scheme = services.campaign_scheme(world.campaign)
    work = scheme.categories.get(code="work")
    c = as_user(world.hr)
    page = c.get(f"/scoring/schemes/{scheme.pk}/").content.decode()
    assert "工作任务及成绩" in page and "保存方案" in page
    data = {"aggregation": "trimmed", "tie_break": ["defense", "work"]}
    for cat in scheme.categories.all():
        data[f"name_{cat.pk}"] = cat.name
        data[f"max_{cat.pk}"] = str(cat.max_points)
        data[f"method_{cat.pk}"] = cat.method
    data[f"max_{work.pk}"] = "21"
    body = c.post(f"/scoring/schemes/{scheme.pk}/", data).content.decode()
    assert "各分项满分合计须为100分，现为101分。" in body
    data[f"max_{work.pk}"] = "20"
    assert c.post(f"/scoring/schemes/{scheme.pk}/", data).status_code == 302
    scheme.refresh_from_db()
    assert scheme.aggregation == "trimmed"


def test_assessor_flow_through_the_screens(world):
    (app,) = verified_apps(world, 1)
    chair, member = panel(world, 2)
    hr = as_user(world.hr)
    r = hr.post(f"/scoring/campaigns/{world.campaign.pk}/assessors/",
                {"assign": [f"{app.pk}:{chair.pk}", f"{app.pk}:{member.pk}"]})
    assert r.status_code == 302
    asg = Assignment.objects.get(application=app, assessor=member)
    m = as_user(member)
    home = m.get("/").content.decode()
    assert f"/scoring/assignments/{asg.pk}/declare/" in home  # 待办
    assert m.get(f"/applications/{app.pk}/").status_code == 404  # no dossier before the declaration
    assert m.get(f"/scoring/assignments/{asg.pk}/").status_code == 302  # → declare first
    body = m.post(f"/scoring/assignments/{asg.pk}/declare/", {}, follow=True).content.decode()
    assert "请确认无利益冲突，或选择与申报人存在的关系。" in body
    m.post(f"/scoring/assignments/{asg.pk}/declare/", {"no_conflict": "1"})
    assert m.get(f"/applications/{app.pk}/").status_code == 200
    page = m.get(f"/scoring/assignments/{asg.pk}/").content.decode()
    assert "本科学士 → 10分" in page
    sheet = {f"score_{k}": v for k, v in full(app, 5, {"defense": "12.1"}).items()}
    body = m.post(f"/scoring/assignments/{asg.pk}/", {**sheet, "submit": "1"}).content.decode()
    assert "“答辩水平”的分数不能超过满分12分。" in body
    sheet["score_defense"] = "12"
    m.post(f"/scoring/assignments/{asg.pk}/", {**sheet, "submit": "1"})
    asg.refresh_from_db()
    assert asg.submitted_at is not None
    # reopen: a member gets 404, the chair reopens
    assert m.post(f"/scoring/assignments/{asg.pk}/reopen/", {"reason": "复核"}).status_code == 404
    as_user(chair).post(f"/scoring/assignments/{asg.pk}/reopen/", {"reason": "复核"})
    asg.refresh_from_db()
    assert asg.submitted_at is None


def test_conflict_refusal_is_shown_on_the_assign_page(world):
    (app,) = verified_apps(world, 1)
    PanelMember.objects.create(campaign=world.campaign, user=app.applicant)
    body = as_user(world.hr).post(f"/scoring/campaigns/{world.campaign.pk}/assessors/",
                                  {"assign": [f"{app.pk}:{app.applicant.pk}"]}, follow=True).content.decode()
    assert f"{app.applicant.real_name}是申报人本人，不能为本人评分。" in body
    assert not Assignment.objects.exists()


def test_assessors_list_queries_do_not_grow(world):
    apps = verified_apps(world, 1)
    (u,) = panel(world, 1, chair=False)
    assign_all(world, apps, [u])
    c = as_user(u)
    c.get("/scoring/mine/")
    with CaptureQueriesContext(connection) as small:
        c.get("/scoring/mine/")
    assign_all(world, verified_apps(world, 3), [u])
    with CaptureQueriesContext(connection) as big:
        body = c.get("/scoring/mine/").content.decode()
    assert body.count("评分</a>") == 4
    assert len(big) == len(small)


def test_progress_page_queries_do_not_grow(world):
    apps, users, _ = scored(world, 1)
    c = as_user(world.hr)
    url = f"/scoring/campaigns/{world.campaign.pk}/assessors/"
    c.get(url)
    with CaptureQueriesContext(connection) as small:
        c.get(url)
    assign_all(world, verified_apps(world, 3), users)
    with CaptureQueriesContext(connection) as big:
        c.get(url)
    assert len(big) == len(small)


def test_finish_quota_decision_through_the_screens(world):
    apps, users, _ = scored(world, 2)
    a = apps[0]
    base = f"/scoring/campaigns/{world.campaign.pk}/{a.series_id}/{a.level}/"
    hr = as_user(world.hr)
    assert "尚有2人未完成量化赋分" in hr.get(base).content.decode()
    hr.post(base + "finish/")
    a.refresh_from_db()
    assert a.state == State.SCORED
    body = hr.post(base + "quota/", {"count": "x"}, follow=True).content.decode()
    assert "推荐名额须为整数。" in body
    hr.post(base + "quota/", {"count": "1"})
    leader = as_user(world.leader)
    sheet = services.ranking_sheet(world.campaign, a.series, a.level)
    first, second = sheet.rows[0].app, sheet.rows[1].app
    post = {"meeting_date": datetime.date.today().isoformat(), "leaders": [world.leader.pk],
            "decision": "同意推荐。", "minutes": "纪要", "recommended": [second.pk]}
    body = leader.post(base + "decision/", post, follow=True).content.decode()
    assert f"{second.applicant.real_name}（排名第2）未按排名顺序确定为推荐人选，须填写理由。" in body
    post[f"reason_{second.pk}"] = "工作业绩突出。"
    leader.post(base + "decision/", post)
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.state, first.state) == (State.RECOMMENDED, State.NOT_RECOMMENDED)
    r = hr.get(base + "sheet.xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    r = hr.get(base + "sheet.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and b"".join(r.streaming_content
                                                                                      if r.streaming else [r.content])[:4] == b"%PDF"


def test_other_units_people_get_404_everywhere(world):
    apps, users, asgs = scored(world, 1)
    a = apps[0]
    services.finish_scoring(world.hr, world.campaign, a.series, a.level)
    scheme = services.campaign_scheme(world.campaign)
    asg = next(iter(asgs.values()))
    m = Meeting.objects.create(campaign=world.campaign, kind="defense", held_on=datetime.date.today(), place="会议室",
                               created_by=world.hr)
    base = f"/scoring/campaigns/{world.campaign.pk}/"
    group = f"{base}{a.series_id}/{a.level}/"
    gets = [base, base + "assessors/", f"/scoring/schemes/{scheme.pk}/", group, group + "sheet.xlsx",
            group + "sheet.pdf", f"/scoring/assignments/{asg.pk}/", f"/scoring/assignments/{asg.pk}/declare/",
            f"/scoring/meetings/{m.pk}/", base + "meetings/new/"]
    posts = [group + "quota/", group + "decision/", group + "finish/", f"/scoring/assignments/{asg.pk}/reopen/"]
    api_gets = [f"{API}/campaigns/{world.campaign.pk}/schemes",
                f"{API}/campaigns/{world.campaign.pk}/ranking?series_id={a.series_id}&level={a.level}",
                f"{API}/campaigns/{world.campaign.pk}/meetings"]
    for u in outsiders(world):
        c = as_user(u)
        for url in gets:
            assert c.get(url).status_code == 404, (u.real_name, url)
        for url in posts:
            assert c.post(url, {"count": "3", "reason": "x"}).status_code == 404, (u.real_name, url)
        for url in api_gets:
            assert c.get(url).status_code == 404, (u.real_name, url)
        r = c.put(f"{API}/campaigns/{world.campaign.pk}/quota", {"series_id": a.series_id, "level": a.level,
                                                                  "count": 3}, content_type="application/json")
        assert r.status_code == 404, u.real_name
    assert not CollectiveDecision.objects.exists()


def test_unit_roles_see_what_is_theirs(world):
    apps, users, asgs = scored(world, 1)
    a = apps[0]
    group = f"/scoring/campaigns/{world.campaign.pk}/{a.series_id}/{a.level}/"
    assert as_user(world.leader).get(group).status_code == 200
    assert as_user(users[0]).get(group).status_code == 200  # the chair
    assert as_user(users[1]).get(group).status_code == 404  # a member does not see the sheet before it is public
    assert as_user(world.leader).get(f"/scoring/campaigns/{world.campaign.pk}/assessors/").status_code == 404
    assert as_user(world.applicant).get(f"/scoring/campaigns/{world.campaign.pk}/").status_code == 404


def test_api_flow_and_messages(world):
    (app,) = verified_apps(world, 1)
    (u,) = panel(world, 1)
    hr, assessor = as_user(world.hr), as_user(u)
    r = hr.post(f"{API}/applications/{app.pk}/assessors", {"user_id": u.pk}, content_type="application/json")
    assert r.status_code == 201, r.content
    asg_id = r.json()["id"]
    assert r.json()["scores"] is None
    assert as_user(world.other_hr).post(f"{API}/applications/{app.pk}/assessors", {"user_id": u.pk},
                                        content_type="application/json").status_code == 404
    r = assessor.put(f"{API}/assignments/{asg_id}/scores", {"scores": {}, "submit": True},
                     content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"] == ["请先作出无利益冲突声明。"]
    assert assessor.post(f"{API}/assignments/{asg_id}/declaration", {"relation": ""},
                         content_type="application/json").status_code == 200
    r = assessor.put(f"{API}/assignments/{asg_id}/scores", {"scores": full(app, 5, {"work": "-0.1"}), "submit": True},
                     content_type="application/json")
    assert r.status_code == 422 and r.json()["fields"] == {"work": ["“工作任务及成绩”的分数不能低于0分。"]}
    r = assessor.put(f"{API}/assignments/{asg_id}/scores", {"scores": full(app, 5), "submit": True},
                     content_type="application/json")
    assert r.status_code == 200 and r.json()["scores"]["work"] == "5.0"
    assert [x["id"] for x in assessor.get(f"{API}/assignments").json()] == [asg_id]
    group = f"{API}/campaigns/{world.campaign.pk}"
    which = {"series_id": app.series_id, "level": app.level}
    assert hr.post(group + "/finish", which, content_type="application/json").json() == [app.pk]
    assert hr.put(group + "/quota", {**which, "count": 1}, content_type="application/json").json() == {"count": 1}
    sheet = hr.get(group + "/ranking", which).json()
    assert sheet["rows"][0]["rank"] == 1 and sheet["rows"][0]["working"]["education"] == "本科学士 → 10分"
    assert len(sheet["categories"]) == 12
    r = as_user(world.leader).post(group + "/decision", {**which,
        "meeting_date": datetime.date.today().isoformat(), "leader_ids": [world.leader.pk], "decision": "同意。",
        "minutes": "纪要", "recommended": [app.pk, 999999]}, content_type="application/json")
    assert r.status_code == 422 and "推荐名单中有不在排名表中的人员。" in r.json()["detail"]
    r = as_user(world.leader).post(group + "/decision", {**which,
        "meeting_date": datetime.date.today().isoformat(), "leader_ids": [world.leader.pk], "decision": "同意。",
        "minutes": "纪要", "recommended": [app.pk]}, content_type="application/json")
    assert r.status_code == 201 and r.json()["recommended"] == [app.pk]
    app.refresh_from_db()
    assert app.state == State.RECOMMENDED


def test_api_scheme_edit_and_freeze(world):
    hr = as_user(world.hr)
    schemes = hr.get(f"{API}/campaigns/{world.campaign.pk}/schemes").json()
    s = schemes[0]
    assert [c["name"] for c in s["categories"]][:2] == ["工作任务及成绩", "工作经历与能力"]
    work = s["categories"][0]["id"]
    r = hr.put(f"{API}/schemes/{s['id']}", {"aggregation": "mean", "categories": {str(work): {"max_points": "20.05"}}},
               content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"] == ["“工作任务及成绩”的满分最多保留一位小数。"]
    r = hr.put(f"{API}/schemes/{s['id']}", {"aggregation": "trimmed", "tie_break": ["work"]},
               content_type="application/json")
    assert r.status_code == 200 and r.json()["aggregation"] == "trimmed"
    assert as_user(world.other_hr).put(f"{API}/schemes/{s['id']}", {"aggregation": "mean"},
                                       content_type="application/json").status_code == 404


def test_chair_finds_the_progress_page_from_the_task_list(world):
    chair, member = panel(world, 2)
    body = as_user(chair).get("/scoring/mine/").content.decode()
    assert f"/scoring/campaigns/{world.campaign.pk}/assessors/" in body
    body = as_user(member).get("/scoring/mine/").content.decode()
    assert 'id="chaired"' not in body
    assert as_user(member).get(f"/scoring/campaigns/{world.campaign.pk}/assessors/").status_code == 404
