"""§二(六) 《申报晋升人员量化评分推荐排名表》: ranking, ties, quota, collective decision, XLSX/PDF read back."""

import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhicheng.audit.models import AuditEvent
from zhicheng.errors import Refusal
from zhicheng.scoring import documents, services
from zhicheng.scoring.models import CollectiveDecision, DecisionEntry
from zhicheng.workflow import actions
from zhicheng.workflow.states import State

from .. import factories as f
from .helpers import assign_all, full, panel, score_all, verified_apps

pytestmark = pytest.mark.usefixtures("verify_built")


def scored_sheet(world, per_app: list, n_assessors: int = 2):
    """Applications scored with the given sheets (a number: every category; a dict: overrides on 5), finished."""
    apps = verified_apps(world, len(per_app))
    users = panel(world, n_assessors)
    asgs = assign_all(world, apps, users)
    values = {}
    for app, v in zip(apps, per_app, strict=True):
        values[app.pk] = full(app, 5, v) if isinstance(v, dict) else v
    score_all(asgs, values)
    services.finish_scoring(world.hr, world.campaign, apps[0].series, apps[0].level)
    return apps, users


def test_rank_by_total_then_declared_tie_break_then_genuine_tie(world):
    # a, b: equal totals, b better in 答辩水平 → b first; c, d: identical → same rank, 并列; e lowest
    a, b, c, d, e = scored_sheet(world, [
        {"defense": "5", "work": "9"}, {"defense": "9", "work": "5"}, {"work": "6"}, {"work": "6"}, 1])[0]
    sheet = services.ranking_sheet(world.campaign, a.series, a.level)
    order = [(r.app.pk, r.rank, r.tied) for r in sheet.rows]
    assert order[:2] == [(b.pk, 1, False), (a.pk, 2, False)]
    assert {order[2][0], order[3][0]} == {c.pk, d.pk} and order[2][1:] == order[3][1:] == (3, True)
    assert order[4] == (e.pk, 5, False)
    assert sheet.rows[0].total == sheet.rows[1].total


def test_tie_break_order_is_data(world):
    a, b = scored_sheet(world, [{"defense": "5", "work": "9"}, {"defense": "9", "work": "5"}])[0]
    scheme = services.campaign_scheme(world.campaign)
    scheme.tie_break = ["work", "defense"]  # frozen for edits through the service; the order is still data
    scheme.save()
    assert [r.app.pk for r in services.ranking_sheet(world.campaign, a.series, a.level).rows] == [a.pk, b.pk]


def test_ranking_page_queries_do_not_grow_with_rows(client, world):
    apps, _ = scored_sheet(world, [5, 6])
    client.force_login(world.hr)
    url = f"/scoring/campaigns/{world.campaign.pk}/{apps[0].series_id}/{apps[0].level}/"
    client.get(url)  # warm: session, parameters cache
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    more = f.submitted_applications(world.campaign, 3)
    from .helpers import verified

    users = list(world.campaign.panel_members.values_list("user", flat=True))
    from zhicheng.orgs.models import User

    asgs = assign_all(world, [verified(a, world.hr) for a in more], list(User.objects.filter(pk__in=users)))
    score_all(asgs, {})
    services.finish_scoring(world.hr, world.campaign, apps[0].series, apps[0].level)
    with CaptureQueriesContext(connection) as big:
        body = client.get(url).content.decode()
    assert body.count("<tr>") >= 6
    assert len(big) == len(small)


def test_xlsx_read_back_cell_by_cell(world):
    (a, b), _ = scored_sheet(world, [6, 5])
    from openpyxl import load_workbook

    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))):
        data = documents.ranking_xlsx(services.ranking_sheet(world.campaign, a.series, a.level))
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "申报晋升人员量化评分推荐排名表"
    assert ws["A2"].value == (f"单位：{world.unit.name}　　系列：{a.series.name}　　级别：{a.get_level_display()}"
                              "　　日期：2026年11月26日")
    head = [c.value for c in ws[3]]
    assert head[:5] == ["排名", "姓名", "申报职称", "申报专业", "工作任务及成绩（20分）"]
    assert head[-2:] == ["总分", "并列"] and len(head) == 4 + 12 + 2
    sheet = services.ranking_sheet(world.campaign, a.series, a.level)
    for i, r in enumerate(sheet.rows):
        cells = [c.value for c in ws[4 + i]]
        assert cells[:4] == [r.rank, r.app.applicant.real_name, r.app.title.name, r.app.specialty]
        for j, c in enumerate(sheet.categories):
            assert Decimal(cells[4 + j]) == r.cells[c.code]
        assert Decimal(cells[16]) == r.total and cells[17] in (None, "")
    assert [c.value for c in ws[4]][1] == a.applicant.real_name
    assert ws.cell(row=7, column=1).value == "推荐组织负责人（签字）：" and ws.cell(row=7, column=5).value == "单位负责人（签字）："


def test_pdf_is_a4_landscape_with_every_column_and_signature_lines(world):
    from pypdf import PdfReader

    (a, b), _ = scored_sheet(world, [6, 5])
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))):
        data = documents.ranking_pdf(services.ranking_sheet(world.campaign, a.series, a.level))
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    assert round(float(page.mediabox.width)) == 842 and round(float(page.mediabox.height)) == 595  # A4
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")
    for s in ["申报晋升人员量化评分推荐排名表", world.unit.name, a.series.name, a.get_level_display(),
              "2026年11月26日", "推荐组织负责人（签字）：", "单位负责人（签字）：", a.applicant.real_name,
              b.applicant.real_name, "总分", "排名"]:
        assert s in text, s
    for c in services.campaign_scheme(world.campaign).categories.all():
        assert c.name.replace(" ", "") in text, c.name


def _decide(world, apps, recommended, reasons=None, **kw):
    args = {"meeting_date": datetime.date.today() - datetime.timedelta(days=1), "leaders": [world.leader],
            "decision": "经集体研究，同意按排名确定推荐人选。", "minutes": "会议纪要：……", "recommended": set(recommended),
            "reasons": reasons or {}}
    args.update(kw)
    return services.record_decision(world.leader, world.campaign, apps[0].series, apps[0].level, **args)


def test_collective_decision_moves_the_whole_sheet_at_once(world):
    (a, b, c), _ = scored_sheet(world, [7, 6, 5])
    services.set_quota(world.hr, world.campaign, a.series, a.level, 2)
    cd = _decide(world, [a], {a.pk, b.pk})
    for app, state in ((a, State.RECOMMENDED), (b, State.RECOMMENDED), (c, State.NOT_RECOMMENDED)):
        app.refresh_from_db()
        assert app.state == state
    assert [(e.application_id, e.rank, e.recommended) for e in cd.entries.all()] == [
        (a.pk, 1, True), (b.pk, 2, True), (c.pk, 3, False)]
    assert AuditEvent.objects.filter(action="recommend", actor=world.leader, details__decision=cd.pk).count() == 2
    assert AuditEvent.objects.filter(action="not_recommend", details__decision=cd.pk).count() == 1
    with pytest.raises(services.ScoringError, match="已记录集体研究决定"):
        _decide(world, [a], {a.pk})


def test_over_quota_is_refused(world):
    (a, b, c), _ = scored_sheet(world, [7, 6, 5])
    with pytest.raises(services.ScoringError) as e:
        _decide(world, [a], {a.pk})
    assert "请先由单位人事设定该系列和级别的推荐名额。" in e.value.problems
    services.set_quota(world.hr, world.campaign, a.series, a.level, 1)
    with pytest.raises(services.ScoringError) as e:
        _decide(world, [a], {a.pk, b.pk})
    assert e.value.problems == ["推荐人数2人，超过推荐名额1人。"]
    a.refresh_from_db()
    assert a.state == State.SCORED and not CollectiveDecision.objects.exists()


def test_departure_from_ranking_needs_a_reason_shown_on_record_and_sheet(world, client):
    (a, b, c), _ = scored_sheet(world, [7, 6, 5])
    services.set_quota(world.hr, world.campaign, a.series, a.level, 2)
    with pytest.raises(services.ScoringError) as e:
        _decide(world, [a], {a.pk, c.pk})  # c (3rd) recommended while b (2nd) is not
    assert e.value.problems == [f"{c.applicant.real_name}（排名第3）未按排名顺序确定为推荐人选，须填写理由。"]
    assert e.value.fields[f"reason_{c.pk}"] == ["请填写未按排名顺序推荐的理由。"]
    with pytest.raises(services.ScoringError):
        _decide(world, [a], {a.pk, c.pk}, reasons={c.pk: "   "})
    reason = "该同志承担重点工程任务，业绩突出，经集体研究破格推荐。"
    cd = _decide(world, [a], {a.pk, c.pk}, reasons={c.pk: reason})
    assert DecisionEntry.objects.get(decision=cd, application=c).departure_reason == reason
    assert DecisionEntry.objects.get(decision=cd, application=a).departure_reason == ""
    client.force_login(world.leader)
    body = client.get(f"/scoring/campaigns/{world.campaign.pk}/{a.series_id}/{a.level}/").content.decode()
    assert reason in body and "经集体研究，同意按排名确定推荐人选。" in body
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(documents.ranking_xlsx(services.ranking_sheet(world.campaign, a.series, a.level)))
                       ).active
    assert [ws.cell(row=6, column=i).value for i in (2, 19, 20)] == [c.applicant.real_name, "推荐", reason]


def test_tied_rows_are_not_a_departure(world):
    (a, b), _ = scored_sheet(world, [6, 6])
    services.set_quota(world.hr, world.campaign, a.series, a.level, 1)
    second = services.ranking_sheet(world.campaign, a.series, a.level).rows[1].app
    _decide(world, [a], {second.pk})  # same rank (并列): either may be chosen without a reason
    second.refresh_from_db()
    assert second.state == State.RECOMMENDED


def test_decision_validation_messages(world):
    (a,), _ = scored_sheet(world, [6])
    services.set_quota(world.hr, world.campaign, a.series, a.level, 1)
    with pytest.raises(services.ScoringError) as e:
        _decide(world, [a], {a.pk}, leaders=[world.hr], decision=" ", minutes="",
                meeting_date=datetime.date.today() + datetime.timedelta(days=1))
    assert set(e.value.problems) == {"会议日期不能晚于今天。", "出席领导须为本单位领导。", "请填写研究决定。",
                                     "请填写会议纪要或上传会议纪要扫描件。"}
    with pytest.raises(services.ScoringError) as e:
        _decide(world, [a], {a.pk}, minutes="", minutes_upload=SimpleUploadedFile("纪要.pdf", b"not a pdf"))
    assert e.value.fields["minutes_file"]
    cd = _decide(world, [a], {a.pk}, minutes="", minutes_upload=SimpleUploadedFile(
        "纪要.pdf", f.pdf_bytes("会议纪要"), content_type="application/pdf"))
    assert cd.minutes_file.kind == "pdf"


def test_recommend_one_by_one_is_refused(world):
    (a,), _ = scored_sheet(world, [6])
    assert actions.available(world.leader, a) == []
    assert services.decision_recorded_problems(a, world.leader, {}) == [
        "推荐人选须由单位领导集体研究确定：请在排名表页面记录集体研究决定。"]
    with pytest.raises(Refusal) as e:
        actions.perform(a, "recommend", actor=world.leader)
    assert e.value.problems == ["推荐人选须由单位领导集体研究确定，请在量化评分推荐排名表页面整体记录决定。"]
    a.refresh_from_db()
    assert a.state == State.SCORED


def test_other_units_people_cannot_decide_or_set_quota(world):
    (a,), _ = scored_sheet(world, [6])
    with pytest.raises(services.ScoringError) as e:
        services.set_quota(world.other_hr, world.campaign, a.series, a.level, 1)
    assert e.value.forbidden
    with pytest.raises(services.ScoringError) as e:
        services.record_decision(world.other_hr, world.campaign, a.series, a.level, meeting_date=None, leaders=[],
                                 decision="", recommended=set(), reasons={})
    assert e.value.forbidden


def test_decision_waits_for_everyone_of_the_series_and_level(world):
    (a,), _ = scored_sheet(world, [6])
    late = f.submitted_applications(world.campaign, 1)[0]  # same series and level, not yet verified
    services.set_quota(world.hr, world.campaign, a.series, a.level, 1)
    with pytest.raises(services.ScoringError) as e:
        _decide(world, [a], {a.pk})
    assert e.value.problems == ["该系列和级别尚有1人未完成审核或量化赋分，完成后方可集体研究确定。"]
    assert late.state == State.SUBMITTED


def test_one_sheet_per_series_and_level_however_many_applicants(world):
    """The model's default ordering must not split DISTINCT into one "group" per application."""
    from .. import factories as f2

    f2.submitted_applications(world.campaign, 3)
    groups = services.groups(world.campaign)
    assert [(s.pk, lv) for s, lv, _label in groups] == [(world.app.series_id, world.app.level)]
