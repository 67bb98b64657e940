"""§二 run on paper: HR records the outcome and the office receives the same batch record."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from zhicheng.unit_submission import services
from zhicheng.unit_submission.services import PaperPerson
from zhicheng.workflow.states import State

from .. import factories as f

AFTER = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
OUTSIDER_ID = f.id_number(321, datetime.date(1980, 6, 1), female=True)


def scans():
    return {name: SimpleUploadedFile(f"{name}.pdf", f.pdf_bytes("河北电力设计院推荐排名表")) for name in
            ("ranking_scan", "notice_scan", "opinion_scan")}


def record(w, *, start=datetime.date(2026, 11, 2), end=datetime.date(2026, 11, 6), apps=(), people=(), **kw):
    args = {**scans(), "notice_starts_on": start, "notice_ends_on": end, "opinion_text": "经公示无异议，同意推荐。",
            "application_ids": [a.pk for a in apps], "people": list(people), **kw}
    return services.record_paper_outcome(w.hr, w.campaign, ip="10.1.1.1", **args)


@pytest.fixture
def paper(world):
    world.app = f.submitted(world.app)
    with time_machine.travel(AFTER, tick=False):
        yield world


def test_paper_outcome_gives_the_office_the_same_batch(paper):
    w = paper
    sub = record(w, apps=[w.app], people=[PaperPerson("王明", OUTSIDER_ID, "083", "输变电工程")])
    w.app.refresh_from_db()
    assert w.app.state == State.UNIT_SUBMITTED
    assert (sub.kind, sub.notice_starts_on, sub.notice_ends_on) == ("paper", datetime.date(2026, 11, 2),
                                                                    datetime.date(2026, 11, 6))
    assert all(getattr(sub, s).kind == "pdf" for s in ("ranking_scan", "notice_scan", "opinion_scan"))
    e1, e2 = sub.entries.order_by("order")
    assert (e1.application, e1.version_number) == (w.app, 1)
    assert (e2.application, e2.name, e2.id_number, e2.gender, e2.title.code, e2.level, e2.specialty) == (
        None, "王明", OUTSIDER_ID, "女", "083", "intermediate", "输变电工程")
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(sub.roster.file.read())).active.iter_rows()]
    assert rows[2] == [2, "王明", "女", OUTSIDER_ID, "河北电力设计院", "工程技术", "输变电工程", "工程师", "中级",
                       None, None, "线下"]  # empty cells
    assert rows[1][-1] == "系统" and rows[1][9] == "第1版"
    # The forms of the application print the opinion recorded on paper.
    from zhicheng.dossier import documents

    assert documents.document_context(w.app)["review_form_boxes"][0].lines[0] == "经公示无异议，同意推荐。"


def test_only_people_outside_the_system(paper):
    sub = record(paper, people=[PaperPerson("王明", OUTSIDER_ID.lower(), "082", "电气工程")])
    assert sub.entries.get().id_number == OUTSIDER_ID  # a lower-case x check character normalised
    paper.app.refresh_from_db()
    assert paper.app.state == State.SUBMITTED


def test_a_notice_shorter_than_the_minimum_is_refused(paper):
    with pytest.raises(services.SubmissionError) as e:
        record(paper, end=datetime.date(2026, 11, 5), apps=[paper.app])
    assert e.value.fields["notice_ends_on"] == ["公示期2026年11月2日—2026年11月5日只有4个工作日，不得少于5个工作日。"]
    paper.app.refresh_from_db()
    assert paper.app.state == State.SUBMITTED


def test_the_campaign_can_ask_for_a_longer_notice(paper):
    from zhicheng.campaigns.models import CampaignStage

    CampaignStage.objects.create(campaign=paper.campaign, stage="notice", starts_on=datetime.date(2026, 11, 2),
                                 working_days=7, ends_on=datetime.date(2026, 11, 10))
    with pytest.raises(services.SubmissionError, match="只有5个工作日，不得少于7个工作日"):
        record(paper, apps=[paper.app])


def test_a_parameter_lower_than_the_campaign_does_not_shorten_it(paper):
    from zhicheng.codes.models import Parameter

    Parameter.objects.update_or_create(key="notice_working_days", defaults={"value": 6})
    from django.core.cache import cache

    cache.clear()
    with pytest.raises(services.SubmissionError, match="不得少于6个工作日"):
        record(paper, apps=[paper.app])


def test_notice_not_over_and_reversed_dates_are_refused(paper):
    with pytest.raises(services.SubmissionError) as e:
        record(paper, start=datetime.date(2026, 11, 16), end=datetime.date(2026, 11, 20), apps=[paper.app])
    assert "公示须已结束" in e.value.fields["notice_ends_on"][0]
    with pytest.raises(services.SubmissionError) as e:
        record(paper, start=datetime.date(2026, 11, 6), end=datetime.date(2026, 11, 2), apps=[paper.app])
    assert e.value.fields["notice_ends_on"] == ["公示结束日期不能早于开始日期。"]


def test_invalid_id_number_and_unknown_title_are_refused(paper):
    bad = OUTSIDER_ID[:-1] + ("0" if OUTSIDER_ID[-1] != "0" else "1")
    with pytest.raises(services.SubmissionError) as e:
        record(paper, people=[PaperPerson("王明", bad, "083", "输变电工程"), PaperPerson("", "123", "999", "")])
    assert e.value.fields["people"] == [
        "第1位线下人员（王明）：身份证号校验位错误，请核对后重新输入。",
        "第2位线下人员：请填写姓名。",
        "第2位线下人员（）：身份证号应为18位，当前为3位。",
        "第2位线下人员（）：申报职称须为本年度开放申报的职称。",
        "第2位线下人员（）：请填写申报专业。",
    ]


def test_duplicates_missing_scans_and_empty_list_are_refused(paper):
    with pytest.raises(services.SubmissionError) as e:
        record(paper, apps=[paper.app], people=[PaperPerson("张建国", paper.applicant.id_number, "082", "电气")])
    assert e.value.fields["people"] == ["第1位线下人员（张建国）：身份证号与名单中其他人员重复。"]
    with pytest.raises(services.SubmissionError) as e:
        record(paper, ranking_scan=None, notice_scan=SimpleUploadedFile("x.pdf", b"%PDF-broken"))
    assert e.value.fields["ranking_scan"] == ["请上传推荐排名表扫描件。"]
    assert e.value.fields["notice_scan"][0].startswith("公示材料：")
    assert e.value.fields["applications"] == ["推荐名单不能为空：请选择申报或填写线下人员。"]


def test_applications_outside_the_campaign_or_past_the_unit_stage_are_refused(paper):
    w = paper
    with pytest.raises(services.SubmissionError) as e:
        record(w, apps=[w.other_app])
    assert e.value.fields["applications"] == ["所选申报不属于本年度申报或本单位。"]
    draft = f.application(w.applicant2, w.campaign)
    with pytest.raises(services.SubmissionError) as e:
        record(w, apps=[draft])
    assert e.value.fields["applications"] == ["李秀英：当前状态为“填写中”，不能登记线下推荐结果。"]


def test_only_the_units_hr_records_it(paper):
    for who in (paper.applicant, paper.leader, paper.other_hr, paper.office_reviewer):
        with pytest.raises(services.SubmissionError) as e:
            services.record_paper_outcome(who, paper.campaign, **scans(), notice_starts_on=datetime.date(2026, 11, 2),
                                          notice_ends_on=datetime.date(2026, 11, 6), application_ids=[paper.app.pk])
        assert e.value.forbidden
