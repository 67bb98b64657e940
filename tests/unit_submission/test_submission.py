"""§二(八) 推荐上报: the guard, the batch, the roster, the forms printed, who sees what afterwards."""

import io

import pytest
from openpyxl import load_workbook

from zhicheng.audit.models import AuditEvent
from zhicheng.dossier import documents as forms_pdf
from zhicheng.dossier.permissions import can_edit_section, can_view
from zhicheng.dossier.services import fingerprint
from zhicheng.orgs.validators import mask_id_number
from zhicheng.unit_submission import services
from zhicheng.unit_submission.models import SubmissionEntry, UnitSubmission
from zhicheng.workflow import actions
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from .. import factories as f
from ..documents.pdfs import flat, text
from .conftest import ready


def test_refused_without_opinion_and_pledge(passed):
    with pytest.raises(TransitionError) as e:
        services.submit_batch(passed.hr, passed.campaign, [passed.app])
    assert e.value.problems == ["单位意见尚未签署。", "申报人尚未确认真实性承诺书。", "单位领导尚未确认真实性承诺书。"]
    services.sign_opinion(passed.leader, passed.app)
    services.confirm_pledge(passed.applicant, passed.app)
    with pytest.raises(TransitionError) as e:
        services.submit_batch(passed.hr, passed.campaign, [passed.app])
    assert e.value.problems == ["单位领导尚未确认真实性承诺书。"]
    passed.app.refresh_from_db()
    assert passed.app.state == State.NOTICE_PASSED and not UnitSubmission.objects.exists()


def test_a_batch_is_all_or_nothing_and_names_each_refusal(passed):
    ready(passed, passed.app)
    with pytest.raises(TransitionError) as e:
        services.submit_batch(passed.hr, passed.campaign, [passed.app, passed.app2])
    assert e.value.problems == ["李秀英：单位意见尚未签署。", "李秀英：申报人尚未确认真实性承诺书。",
                                "李秀英：单位领导尚未确认真实性承诺书。"]
    passed.app.refresh_from_db()
    assert passed.app.state == State.NOTICE_PASSED


def test_refused_when_the_dossier_changed_after_the_notice(passed):
    """What the notice published (its entry's fingerprint) must be what goes up: a difference refuses the
    submission until the published fingerprint is the current version's again (a new notice)."""
    from zhicheng.publicity.models import NoticeEntry

    app = passed.app
    ready(passed, app)
    entry = NoticeEntry.objects.get(notice=passed.notice, application=app)
    NoticeEntry.objects.filter(pk=entry.pk).update(fingerprint="0" * 64)  # published other material
    with pytest.raises(TransitionError) as e:
        services.submit_batch(passed.hr, passed.campaign, [app])
    assert e.value.problems == ["材料在公示后有变动，须重新公示。"]
    NoticeEntry.objects.filter(pk=entry.pk).update(fingerprint=entry.fingerprint)
    services.submit_batch(passed.hr, passed.campaign, [app])
    app.refresh_from_db()
    assert app.state == State.UNIT_SUBMITTED


def test_a_notice_still_running_does_not_count(passed):
    from zhicheng.publicity.models import NoticeEntry

    NoticeEntry.objects.filter(application=passed.app).update(passed_at=None)  # its notice not yet passed
    assert "没有已结束的公示记录。" in services.readiness([passed.app])[0].problems


def test_an_open_objection_blocks(passed):
    """An objection still received or under investigation (publicity.Objection) blocks the upward submission."""
    from zhicheng.publicity.models import Objection

    entry = passed.notice.entries.get(application=passed.app)
    Objection.objects.create(notice=passed.notice, entry=entry, real_name="王举报", contact="13800000000",
                             facts="论文系他人代写。")
    ready(passed, passed.app)
    with pytest.raises(TransitionError) as e:
        services.submit_batch(passed.hr, passed.campaign, [passed.app])
    assert e.value.problems == ["存在尚未处理完毕的异议，不能上报。"]
    Objection.objects.update(status=Objection.Status.UNFOUNDED)
    assert services.submit_batch(passed.hr, passed.campaign, [passed.app])


def test_submission_moves_the_batch_keeps_the_record_and_the_roster(passed):
    w = passed
    w.applicant.gender = "1"
    w.applicant.save()
    ready(w, w.app)
    ready(w, w.app2)
    assert not can_view(w.office_reviewer, w.app)  # the office does not see it before
    sub = services.submit_batch(w.hr, w.campaign, [w.app, w.app2], ip="10.9.8.7")
    for a in (w.app, w.app2):
        a.refresh_from_db()
        assert a.state == State.UNIT_SUBMITTED
    assert (sub.kind, sub.unit, sub.campaign, sub.submitted_by) == ("online", w.unit, w.campaign, w.hr)
    entries = list(sub.entries.order_by("order"))
    v1 = w.app.versions.get(number=1)
    assert [(e.application, e.name, e.version_number) for e in entries] == [(w.app, "张建国", 1), (w.app2, "李秀英", 1)]
    assert entries[0].fingerprint == fingerprint(v1.snapshot)
    ev = AuditEvent.objects.get(action="unit_submission")
    assert ev.ip == "10.9.8.7" and ev.details == {"kind": "online", "entries": 2}
    assert AuditEvent.objects.filter(action="unit_submit", ip="10.9.8.7").count() == 2

    ws = load_workbook(io.BytesIO(sub.roster.file.read())).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["序号", "姓名", "性别", "身份证号", "工作单位", "申报系列", "申报专业", "申报职称", "级别", "上报版本",
                       "材料校验码", "来源"]
    assert rows[1] == [1, "张建国", "男", w.applicant.id_number, "河北电力设计院", "工程技术", "电气工程", "高级工程师",
                       "副高级", "第1版", fingerprint(v1.snapshot), "系统"]
    assert rows[2][:4] == [2, "李秀英", "男", w.applicant2.id_number]  # gender from the ID number when not recorded
    assert len(rows) == 3
    # From now on: the office sees them, the unit cannot change them.
    assert can_view(w.office_reviewer, w.app) and can_view(w.provincial, w.app)
    assert not can_view(w.other_office_reviewer, w.app)
    assert not can_edit_section(w.applicant, w.app, "achievement")
    with pytest.raises(services.SubmissionError):
        services.sign_opinion(w.hr, w.app)
    with pytest.raises(services.SubmissionError):
        services.confirm_pledge(w.applicant, w.app)
    with pytest.raises(TransitionError):
        services.submit_batch(w.hr, w.campaign, [w.app])


def test_the_forms_print_the_opinion_and_the_submitted_version(passed, on_opinion_day):
    w = passed
    # Before signing, the filled-in wording is printed for the unit to check.
    ctx = forms_pdf.document_context(w.app)
    assert ctx["review_form_boxes"][0].lines[0].startswith("我单位已于2026年11月2日—2026年11月6日")
    services.save_opinion(w.hr, w.app, review_text="我单位已于2026年11月2日—2026年11月6日对该同志申报材料评审信息等进行公示。"
                          "经公示，材料真实有效，符合申报条件，群众无异议，同意推荐。", roster_text="张建国同志所有申报材料真实、有效，"
                          "符合任职条件，准予申报", responsible_person="陈院长", opinion_date=__import__("datetime").date(
                              2026, 11, 10))
    ready(w, w.app)
    services.submit_batch(w.hr, w.campaign, [w.app])
    w.app.refresh_from_db()
    fp = fingerprint(w.app.versions.get(number=1).snapshot)
    review = flat(text(forms_pdf.review_form_pdf(w.app)))
    assert ("十二、单位意见（推荐意见）单位推荐意见：我单位已于2026年11月2日—2026年11月6日对该同志申报材料评审信息等进行公示。"
            "经公示，材料真实有效，符合申报条件，群众无异议，同意推荐。负责人：陈院长2026年11月10日") in review
    assert f"第1版·校验码{fp}" in review
    roster = flat(text(forms_pdf.roster_pdf(w.app)))
    assert "单位意见：张建国同志所有申报材料真实、有效，符合任职条件，准予申报负责人：陈院长2026年11月10日" in roster
    assert f"第1版·校验码{fp}" in roster


def test_nothing_is_printed_before_the_notice_closes(world):
    app = f.submitted(world.app)
    ctx = forms_pdf.document_context(app)
    assert ctx["review_form_boxes"][0].blank and ctx["roster_boxes"][0].blank


def test_applicant_and_others_cannot_submit(passed):
    ready(passed, passed.app)
    for who in (passed.applicant, passed.leader, passed.other_hr, passed.office_reviewer):
        with pytest.raises(services.SubmissionError) as e:
            services.submit_batch(who, passed.campaign, [passed.app])
        assert e.value.forbidden
        with pytest.raises(TransitionError) as e:
            actions.perform(passed.app, "unit_submit", actor=who)
        assert e.value.forbidden
    with pytest.raises(services.SubmissionError, match="不属于本年度申报或本单位"):
        services.submit_batch(passed.hr, passed.campaign, [passed.other_app])


def test_one_application_through_the_action_entry(passed):
    ready(passed, passed.app)
    # 查实弄虚作假 is offered on every record from the notice on; the step waiting is the submission
    assert {t.action for t in actions.available(passed.hr, passed.app)} == {"disqualify", "unit_submit"}
    app = actions.perform(passed.app, "unit_submit", actor=passed.hr, ip="10.0.0.5")
    assert app.state == State.UNIT_SUBMITTED
    assert SubmissionEntry.objects.get().application == app
    assert [t.action for t in actions.available(passed.hr, passed.app2)] == ["disqualify"]  # not ready: no 上报


def test_the_paper_action_points_to_its_page(world):
    f.submitted(world.app)
    with pytest.raises(TransitionError, match="推荐上报”页面登记"):
        actions.perform(world.app, "record_paper_outcome", actor=world.hr)


def test_masked_on_screens(passed):
    ready(passed, passed.app)
    sub = services.submit_batch(passed.hr, passed.campaign, [passed.app])
    from django.test import Client

    c = Client()
    c.force_login(passed.office_reviewer)
    page = c.get(f"/unit-submission/batches/{sub.pk}/").content.decode()
    assert mask_id_number(passed.applicant.id_number) in page and passed.applicant.id_number not in page


def test_after_submission_the_unit_has_no_step_left_and_the_printable_page_shows_the_opinion(passed):
    from django.test import Client

    ready(passed, passed.app)
    services.submit_batch(passed.hr, passed.campaign, [passed.app])
    passed.app.refresh_from_db()
    for who in (passed.hr, passed.leader, passed.applicant):
        assert actions.available(who, passed.app) == []
    with pytest.raises(TransitionError):
        actions.perform(passed.app, "return", actor=passed.hr, reason="再改改", data={"sections": ["all"]})
    c = Client()
    c.force_login(passed.office_reviewer)
    html = c.get(f"/applications/{passed.app.pk}/doc/review_form.html").content.decode()
    assert "我单位已于2026年11月2日—2026年11月6日对该同志申报材料评审信息等进行公示。" in html and "负责人：陈院长" in html
    html = c.get(f"/applications/{passed.app.pk}/doc/roster.html").content.decode()
    assert "张建国同志所有申报材料真实、有效，符合任职条件，准予申报" in html
