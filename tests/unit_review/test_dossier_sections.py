"""What scoring needs from the dossier (§二(五)): 任职期满考核, 其他, continuing education split into 公需科目 and
专业科目 (credits where the series counts credits), the current title as a code with how it was obtained."""

import datetime
from decimal import Decimal

import pytest

from zhicheng.codes.models import AssessmentResult, Series, Title
from zhicheng.dossier import models as m
from zhicheng.dossier import sections as sec
from zhicheng.dossier import services
from zhicheng.dossier.documents import document_context, review_form_pdf

from .. import factories as f
from ..documents.pdfs import flat, text


def test_the_new_sections_are_in_the_registry_in_order(world):
    keys = [s.key for s in sec.SECTIONS]
    assert keys.index("assessments") < keys.index("term_assessments") < keys.index("training") < keys.index("others")
    assert sec.get("term_assessments").label == "任职期满考核" and sec.get("others").label == "其他"
    assert not sec.get("term_assessments").required and not sec.get("others").required
    assert ("others", "其他") in sec.RETURN_CHOICES


def test_term_assessment_and_other_items_are_saved_snapshotted_and_printed(world):
    app = f.fill_required(world.app)
    good = AssessmentResult.objects.get(code="excellent")
    services.save_item(world.applicant, app, "term_assessments",
                       {"start_date": "2016-01-01", "end_date": "2020-12-31", "result": good.pk})
    other = services.save_item(world.applicant, app, "others", {"description": "参与编制河北省地方标准一项"})
    with pytest.raises(services.DossierError) as e:
        services.save_item(world.applicant, app, "term_assessments",
                           {"start_date": "2021-01-01", "end_date": "2020-12-31", "result": good.pk})
    assert e.value.fields["end_date"] == ["截止时间不能早于起始时间。"]
    snap = services.snapshot(app)
    assert snap["term_assessments"][0]["fields"]["考核结果"] == good.name
    assert snap["others"][0]["fields"]["内容说明"] == "参与编制河北省地方标准一项"
    # a proof may be attached to an 其他 item like to any item
    assert other.pk in {r["id"] for r in snap["others"]}
    content = flat(text(review_form_pdf(app)))
    assert "任职期满考核" in content and f"2016年1月—2020年12月{good.name}" in content
    assert "参与编制河北省地方标准一项" in content


def test_continuing_education_is_split_by_kind_one_each_per_year(world):
    app = world.app  # a draft
    y = world.campaign.year - 1
    services.save_item(world.applicant, app, "training", {"year": y, "kind": "public", "hours": 30})
    services.save_item(world.applicant, app, "training", {"year": y, "kind": "professional", "hours": 60})
    with pytest.raises(services.DossierError) as e:
        services.save_item(world.applicant, app, "training", {"year": y, "kind": "public", "hours": 10})
    assert e.value.fields["year"] == [f"{y}年度的公需科目已填写，请修改该条而不是新增。"]
    with pytest.raises(services.DossierError) as e:  # an hours series does not take credits
        services.save_item(world.applicant, app, "training", {"year": y - 1, "kind": "public", "credits": "5"})
    assert "请填写学时。" in e.value.fields["hours"]
    ctx = document_context(app)
    assert ctx["training_hours"] == 90 and ctx["ce_unit"] == "学时"
    assert ctx["summary"]["training"] == f"共90学时（{y}年公需科目30，{y}年专业科目60）"


def test_a_series_counting_credits_takes_credits(world):
    assert Series.objects.get(code="230").ce_unit == Series.CEUnit.CREDITS  # data, not code
    doctor = Title.objects.get(code="232")
    world.campaign.open_titles.add(doctor)
    app = services.start_application(world.applicant2, campaign=world.campaign, title=doctor, specialty="内科")
    y = world.campaign.year - 1
    with pytest.raises(services.DossierError) as e:
        services.save_item(world.applicant2, app, "training", {"year": y, "kind": "professional", "hours": 60})
    assert e.value.fields["credits"] == ["请填写学分。"]
    assert "本系列继续教育按学分计算" in e.value.fields["hours"][0]
    with pytest.raises(services.DossierError) as e:
        services.save_item(world.applicant2, app, "training", {"year": y, "kind": "professional", "credits": "1.25"})
    assert "credits" in e.value.fields
    item = services.save_item(world.applicant2, app, "training",
                              {"year": y, "kind": "professional", "credits": "12.5"})
    assert item.credits == Decimal("12.5") and item.hours is None
    ctx = document_context(app)
    assert ctx["ce_unit"] == "学分" and ctx["training_hours"] == 12.5


def test_current_title_as_a_code_with_how_it_was_obtained(world):
    app = world.app  # a draft
    engineer = Title.objects.get(code="083")
    data = {"title": engineer.pk, "obtained_on": "2015-12-01", "approval_document": "冀职改办字〔2015〕88号"}
    with pytest.raises(services.DossierError) as e:
        services.save_item(world.applicant, app, "current_title", data)
    assert e.value.fields["obtained_by"] == ["请选择取得方式（评审、考试或认定）。"]
    ct = services.save_item(world.applicant, app, "current_title", {**data, "obtained_by": "review"})
    assert ct.title == engineer and ct.title_name == engineer.name  # the name is filled from the code
    assert ct.get_obtained_by_display() == "评审"
    assert document_context(app)["current_title"]["text"] == f"{engineer.name}（2015年12月）"
    # the free-text name of dossiers from before the code still works and is kept for display
    ct = services.save_item(world.applicant, app, "current_title",
                            {"title_name": "工程师（电气）", "obtained_on": "2015-12-01", "approval_document": "x号"})
    assert ct.title is None and ct.title_name == "工程师（电气）"
    with pytest.raises(services.DossierError) as e:
        services.save_item(world.applicant, app, "current_title", {"obtained_on": "2015-12-01",
                                                                    "approval_document": "x号"})
    assert e.value.fields["title"] == ["请选择现任职称。"]


def test_new_items_are_checked_one_by_one_in_verification(world):
    from zhicheng.unit_review import services as review

    app = f.fill_required(world.app)
    term = m.TermAssessment.objects.create(application=app, start_date=datetime.date(2016, 1, 1),
                                           end_date=datetime.date(2020, 12, 31),
                                           result=AssessmentResult.objects.get(code="competent"))
    other = m.OtherItem.objects.create(application=app, description="行业标准")
    f.submitted(app, fill=False)
    keys = [i.key for i in review.checklist(app)[1]]
    assert ("term_assessments", term.pk) in keys and ("others", other.pk) in keys


def test_credits_and_the_new_sections_through_the_api(world):
    from django.test import Client

    doctor = Title.objects.get(code="232")
    world.campaign.open_titles.add(doctor)
    app = services.start_application(world.applicant2, campaign=world.campaign, title=doctor, specialty="内科")
    c = Client()
    c.force_login(world.applicant2)
    y = world.campaign.year - 1
    r = c.post(f"/api/v1/applications/{app.pk}/sections/training",
               {"year": y, "kind": "public", "credits": "7.5"}, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["values"]["credits"] == "7.5" and r.json()["values"]["kind"] == "public"
    r = c.post(f"/api/v1/applications/{app.pk}/sections/others", {"description": "义诊服务"},
               content_type="application/json")
    assert r.status_code == 201 and r.json()["values"]["description"] == "义诊服务"
    r = c.post(f"/api/v1/applications/{app.pk}/sections/term_assessments", {"start_date": "2016-01-01"},
               content_type="application/json")
    assert r.status_code == 422 and set(r.json()["fields"]) == {"end_date", "result"}


@pytest.mark.parametrize("held,exceptional,problem", [("083", False, False), ("084", False, True),
                                                      ("084", True, False), (None, False, False)])
def test_step_by_step_is_checked_from_the_current_title_code(world, held, exceptional, problem):
    app = world.app  # applies for 082 高级工程师 (副高级)
    app.is_exceptional = exceptional
    app.save()
    m.CurrentTitle.objects.create(application=app, title=Title.objects.filter(code=held).first(), obtained_by="review",
                                  title_name="工程师", obtained_on=datetime.date(2015, 12, 1), approval_document="x号")
    problems = services.step_by_step_problems(app)
    assert bool(problems) == problem
    if problem:
        assert problems[0].startswith("逐级申报：申报高级工程师（副高级）须现任中级职称，现任助理工程师（助理级）")
