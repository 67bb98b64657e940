"""§二(八) unit opinion (filled from the real notice dates, editable, then frozen) and the pledge."""

import datetime

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.unit_submission import services
from zhicheng.unit_submission.models import Pledge, UnitOpinion
from zhicheng.workflow.states import State

from .. import factories as f

REVIEW = ("我单位已于2026年11月2日—2026年11月6日对该同志申报材料评审信息等进行公示。经公示，材料真实有效，"
          "符合申报条件，群众无异议，同意推荐。")


def test_opinion_is_filled_with_the_real_notice_dates(passed, on_opinion_day):
    opinion = services.current_opinion(passed.app)
    assert opinion.pk is None  # filled by the system, not saved until the unit edits or signs it
    assert opinion.review_text == REVIEW
    assert opinion.roster_text == "张建国同志所有申报材料真实、有效，符合任职条件，准予申报"
    assert opinion.responsible_person == "陈院长"  # the unit leader
    assert opinion.opinion_date == datetime.date(2026, 11, 9)


def test_a_later_notice_gives_its_own_dates(passed, on_opinion_day):
    from .conftest import publish_notice

    publish_notice([passed.app], passed.hr, starts_on=datetime.date(2026, 11, 16), ends_on=datetime.date(2026, 11, 20))
    assert "2026年11月16日—2026年11月20日" in services.current_opinion(passed.app).review_text


def test_no_opinion_before_the_notice_has_closed(world):
    f.submitted(world.app)
    assert services.current_opinion(world.app) is None
    with pytest.raises(services.SubmissionError, match="公示期满无异议后才能填写单位意见"):
        services.sign_opinion(world.hr, world.app)


def test_opinion_is_editable_then_frozen_once_signed(passed, on_opinion_day):
    app = passed.app
    services.save_opinion(passed.hr, app, review_text=REVIEW + "（经单位领导班子集体研究）",
                          roster_text="张建国同志所有申报材料真实、有效，符合任职条件，准予申报。",
                          responsible_person="陈院长", opinion_date=datetime.date(2026, 11, 10), ip="10.0.0.2")
    services.save_opinion(passed.leader, app, review_text=REVIEW + "（第二稿）", roster_text="同意。",
                          responsible_person="陈院长", opinion_date=datetime.date(2026, 11, 10))
    assert UnitOpinion.objects.get(application=app).review_text.endswith("（第二稿）")
    signed = services.sign_opinion(passed.leader, app, ip="10.0.0.3")
    assert signed.signed and signed.signed_by == passed.leader and signed.signed_ip == "10.0.0.3"
    with pytest.raises(services.SubmissionError, match="单位意见已签署，不能再修改。"):
        services.save_opinion(passed.hr, app, review_text="改", roster_text="改", responsible_person="陈院长",
                              opinion_date=datetime.date(2026, 11, 10))
    with pytest.raises(services.SubmissionError, match="单位意见已签署。"):
        services.sign_opinion(passed.hr, app)
    assert UnitOpinion.objects.get(application=app).review_text.endswith("（第二稿）")
    assert list(AuditEvent.objects.filter(object_id=str(app.pk), action__startswith="unit_opinion")
                .values_list("action", flat=True).order_by("id")) == [
        "unit_opinion_saved", "unit_opinion_saved", "unit_opinion_signed"]


def test_only_the_units_hr_or_leader_writes_the_opinion(passed):
    for who in (passed.applicant, passed.other_hr, passed.office_reviewer, passed.assessor):
        with pytest.raises(services.SubmissionError) as e:
            services.sign_opinion(who, passed.app)
        assert e.value.forbidden, who
    assert not UnitOpinion.objects.exists()


def test_pledge_confirmations_record_time_ip_and_version(passed, on_opinion_day):
    app = passed.app
    services.confirm_pledge(passed.applicant, app, ip="192.0.2.10")
    services.confirm_pledge(passed.leader, app, ip="192.0.2.20")
    p = Pledge.objects.get(application=app)
    assert (p.applicant_ip, p.applicant_version, p.leader_ip, p.leader_version, p.leader) == (
        "192.0.2.10", 1, "192.0.2.20", 1, passed.leader)
    assert p.applicant_confirmed_at.isoformat().startswith("2026-11-09T02:00")
    events = AuditEvent.objects.filter(action="pledge_confirmed", object_id=str(app.pk)).order_by("id")
    assert [(e.actor_id, e.ip, e.details["as"]) for e in events] == [
        (passed.applicant.pk, "192.0.2.10", "applicant"), (passed.leader.pk, "192.0.2.20", "leader")]
    with pytest.raises(services.SubmissionError, match="您已确认过本承诺书"):
        services.confirm_pledge(passed.applicant, app)


def test_only_the_applicant_and_a_unit_leader_confirm(passed):
    for who in (passed.hr, passed.applicant2, passed.other_hr, passed.office_reviewer):
        with pytest.raises(services.SubmissionError) as e:
            services.confirm_pledge(who, passed.app)
        assert e.value.forbidden and "只有申报人本人和本单位领导可以确认承诺书" in e.value.problems[0], who


def test_pledge_scan_upload_checks_the_file(passed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(services.files.UploadError):
        services.upload_pledge_scan(passed.hr, passed.app, SimpleUploadedFile("a.pdf", b"not a pdf at all"))
    with pytest.raises(services.SubmissionError) as e:
        services.upload_pledge_scan(passed.applicant, passed.app, SimpleUploadedFile("a.png", f.png_bytes()))
    assert e.value.forbidden
    p = services.upload_pledge_scan(passed.hr, passed.app, SimpleUploadedFile("承诺书.png", f.png_bytes()))
    assert p.scan.original_name == "承诺书.png" and p.scan_uploaded_by == passed.hr


def test_pledge_pdf_names_the_applicant_and_has_signature_lines(passed):
    from zhicheng.unit_submission import documents

    from ..documents.pdfs import flat, text

    services.confirm_pledge(passed.applicant, passed.app, ip="10.0.0.1")
    content = flat(text(documents.pledge_pdf(passed.app, Pledge.objects.get(application=passed.app))))
    assert "职称申报评审真实性承诺书" in content
    assert "本人张建国，系河北电力设计院专业技术人员，申报工程技术系列" in content
    assert "申报人（签名）：" in content and "单位负责人（签名）：（单位盖章）" in content
    assert "（申报人已于" in content and "在系统中确认）" in content
    assert "3年内不得申报职称评审" in content  # ban_years, a parameter
    assert "第1版" in content  # the version stamp of the forms


def test_opinion_and_pledge_states(passed):
    services.confirm_pledge(passed.applicant, passed.app)
    services.sign_opinion(passed.hr, passed.app)
    assert passed.app.state == State.NOTICE_PASSED
