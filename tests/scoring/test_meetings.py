"""§二(二)–(四): 述职会议, 考核答辩, 考核评议 — scheduled by the unit, recorded per applicant by the panel."""

import datetime

import pytest
from django.test import Client

from zhicheng.audit.models import AuditEvent
from zhicheng.dossier import models as m
from zhicheng.scoring import meetings
from zhicheng.scoring.models import Hearing, Meeting

from .helpers import panel, verified_apps

pytestmark = pytest.mark.usefixtures("verify_built")


def test_schedule_with_members_and_applicants_in_order(world):
    a, b, c = verified_apps(world, 3)
    chair, member = panel(world, 2)
    mt = meetings.schedule(world.hr, world.campaign, kind="work_report", held_on=datetime.date(2026, 11, 20),
                           place="三楼会议室", member_user_ids=[chair.pk, member.pk], application_ids=[c.pk, a.pk])
    assert [(h.order, h.application_id) for h in mt.hearings.all()] == [(1, c.pk), (2, a.pk)]
    assert {pm.user_id for pm in mt.members_present.all()} == {chair.pk, member.pk}
    assert AuditEvent.objects.filter(action="scoring_meeting", actor=world.hr).exists()


def test_schedule_validation(world):
    (a,) = verified_apps(world, 1)
    with pytest.raises(meetings.ScoringError) as e:
        meetings.schedule(world.hr, world.campaign, kind="party", held_on=None, place=" ",
                          member_user_ids=[world.assessor.pk], application_ids=[a.pk, a.pk])
    assert e.value.problems == ["请选择会议类型（述职会议或考核答辩）。", "请填写会议日期。", "请填写会议地点。",
                                "出席人员须为本年度推荐组织成员。", "同一申报人员不能重复排序。"]
    with pytest.raises(meetings.ScoringError) as e:
        meetings.schedule(world.other_hr, world.campaign, kind="defense", held_on=datetime.date.today(), place="x",
                          member_user_ids=[], application_ids=[])
    assert e.value.forbidden
    with pytest.raises(meetings.ScoringError) as e:
        meetings.schedule(world.hr, world.campaign, kind="defense", held_on=datetime.date.today(), place="x",
                          member_user_ids=[panel(world, 1)[0].pk], application_ids=[world.other_app.pk])
    assert e.value.problems == ["所选申报人员不属于本年度申报。"]


def test_panel_records_report_defense_and_evaluation(world):
    (a,) = verified_apps(world, 1)
    (chair,) = panel(world, 1)
    mt = meetings.schedule(world.hr, world.campaign, kind="defense", held_on=datetime.date.today(), place="报告厅",
                           member_user_ids=[chair.pk], application_ids=[a.pk])
    h = mt.hearings.get()
    with pytest.raises(meetings.ScoringError) as e:
        meetings.record_hearing(chair, h, questions="x", answer_quality="perfect")
    assert e.value.problems == ["请选择答辩情况。"]
    with pytest.raises(meetings.ScoringError) as e:
        meetings.record_hearing(world.leader, h, questions="x")
    assert e.value.forbidden
    meetings.record_hearing(chair, h, questions="变电站接地设计的要点？", answer_quality="good",
                            evaluation="业务扎实，答辩思路清晰。")
    h.refresh_from_db()
    assert (h.answer_quality, h.evaluation, h.recorded_by) == ("good", "业务扎实，答辩思路清晰。", chair)
    wr = meetings.schedule(world.hr, world.campaign, kind="work_report", held_on=datetime.date.today(), place="报告厅",
                           member_user_ids=[chair.pk], application_ids=[a.pk])
    with pytest.raises(meetings.ScoringError) as e:
        meetings.record_hearing(world.hr, wr.hearings.get(), report_summary=" ")
    assert e.value.problems == ["请填写述职情况摘要。"]


def test_report_view_lists_the_last_years_achievements_first(world):
    (a,) = verified_apps(world, 1)
    year = a.campaign.year
    m.Publication.objects.create(application=a, kind="paper", title="旧论文", author_rank=1, journal="电力",
                                 published_on=datetime.date(year - 8, 3, 1))
    m.Publication.objects.create(application=a, kind="paper", title="新论文", author_rank=1, journal="电网技术",
                                 published_on=datetime.date(year - 1, 3, 1))
    m.Honor.objects.create(application=a, name="先进工作者", issuer="省公司", grade="provincial",
                           awarded_on=datetime.date(year - 5, 6, 1))
    recent, older, years = meetings.report_items(a)
    assert years == 5
    assert [i.text.split("（")[0] for i in recent] == ["新论文", "先进工作者"]
    assert [i.text.split("（")[0] for i in older] == ["旧论文"]
    (chair,) = panel(world, 1)
    mt = meetings.schedule(world.hr, world.campaign, kind="work_report", held_on=datetime.date.today(), place="报告厅",
                           member_user_ids=[chair.pk], application_ids=[a.pk])
    h = mt.hearings.get()
    c = Client()
    c.force_login(chair)
    body = c.get(f"/scoring/meetings/{mt.pk}/?hearing={h.pk}").content.decode()
    assert body.index("新论文") < body.index("先进工作者") < body.index("旧论文")
    assert "近5年业绩" in body
    c.post(f"/scoring/meetings/{mt.pk}/", {"hearing": h.pk, "report_summary": "述职：完成多项设计。"})
    assert Hearing.objects.get(pk=h.pk).report_summary == "述职：完成多项设计。"


def test_schedule_through_the_screen(world):
    a, b = verified_apps(world, 2)
    (chair,) = panel(world, 1)
    c = Client()
    c.force_login(world.hr)
    body = c.post(f"/scoring/campaigns/{world.campaign.pk}/meetings/new/", {"kind": "defense"}).content.decode()
    assert "请填写会议日期。" in body and "请选择出席的推荐组织成员。" in body
    r = c.post(f"/scoring/campaigns/{world.campaign.pk}/meetings/new/", {
        "kind": "defense", "held_on": "2026-11-20", "place": "报告厅", "members": [chair.pk],
        f"order_{a.pk}": "2", f"order_{b.pk}": "1"})
    mt = Meeting.objects.get()
    assert r.status_code == 302 and [h.application_id for h in mt.hearings.all()] == [b.pk, a.pk]


def test_meetings_through_the_api(world):
    (a,) = verified_apps(world, 1)
    (chair,) = panel(world, 1)
    hr = Client()
    hr.force_login(world.hr)
    r = hr.post(f"/api/v1/scoring/campaigns/{world.campaign.pk}/meetings", {
        "kind": "work_report", "held_on": "2026-11-20", "place": "报告厅", "member_ids": [chair.pk],
        "application_ids": [a.pk]}, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["kind_label"] == "述职会议" and body["members"] == [chair.real_name]
    hearing = body["hearings"][0]["id"]
    c = Client()
    c.force_login(chair)
    r = c.put(f"/api/v1/scoring/hearings/{hearing}", {"report_summary": ""}, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"] == ["请填写述职情况摘要。"]
    r = c.put(f"/api/v1/scoring/hearings/{hearing}", {"report_summary": "完成多项设计。", "evaluation": "优秀。"},
              content_type="application/json")
    assert r.status_code == 200 and r.json()["evaluation"] == "优秀。"
    assert [m["id"] for m in c.get(f"/api/v1/scoring/campaigns/{world.campaign.pk}/meetings").json()] == [body["id"]]
    other = Client()
    other.force_login(world.other_hr)
    assert other.put(f"/api/v1/scoring/hearings/{hearing}", {"report_summary": "x"},
                     content_type="application/json").status_code == 404
