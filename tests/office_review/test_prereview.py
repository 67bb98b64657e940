"""§三(一) 资格预审 through the services: pass (online and paper path), the one-time notice, its deadline, the
second-return warning, the unit's correction and re-notice, abandonment."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.audit.models import AuditEvent
from zhicheng.dossier import models as dm
from zhicheng.eligibility.services import Result
from zhicheng.messaging.sms import LoggingSmsBackend
from zhicheng.office_review import prereview, prereview_jobs
from zhicheng.office_review.models import PaperAdmission, PrereviewNotice, SupplementaryNotice
from zhicheng.orgs.models import User
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from .. import factories as f
from ..support import stage3_prereview as s3
from ..support.stage3_prereview import engine_passes  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.dates, pytest.mark.usefixtures("engine_passes")]

PAPER_ID = f.id_number(321, datetime.date(1980, 6, 1), female=True)


@pytest.fixture
def batch(world):
    world.app = f.submitted(world.app)
    world.sub, world.day = s3.online_batch(world, [world.app])
    assert world.app.state == State.UNIT_SUBMITTED
    return world


@pytest.fixture
def failing_engine(monkeypatch):
    report = s3.report(Result("min_education", "学历要求", False, "大学专科，须大学本科"))
    monkeypatch.setattr(prereview, "eligibility_report", lambda app: report)
    return report


def on(day, hour=10):
    return time_machine.travel(s3.at(day, hour), tick=False)


def test_pass_opens_the_online_application_on_the_existing_account(batch, django_capture_on_commit_callbacks):
    w = batch
    w.applicant.email = "zhang@example.com"
    w.applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        result = prereview.prereview_pass(w.office_reviewer, w.app)
    w.app.refresh_from_db()
    assert w.app.state == State.PREREVIEW_PASSED and result.password == ""
    assert [m.to for m in mail.outbox] == [["zhang@example.com"]] and "资格预审通过" in mail.outbox[0].subject


def test_paper_path_admit_then_pass_opens_a_real_name_account(world, django_capture_on_commit_callbacks):
    w = world
    sub = s3.paper_batch(w, [("王明", PAPER_ID, "083", "输变电工程")])
    entry = sub.entries.get()
    app = prereview.admit_paper_entry(w.office_reviewer, entry)
    person = app.applicant
    assert (app.state, person.real_name, person.id_number, person.is_active, person.has_usable_password()) == (
        State.UNIT_SUBMITTED, "王明", PAPER_ID, False, False)
    assert AuditEvent.objects.filter(action="prereview_admit", object_id=str(app.pk)).exists()
    with pytest.raises(TransitionError) as exc:
        prereview.prereview_pass(w.office_reviewer, app)
    assert exc.value.fields == {"phone": ["请填写手机号码。"]}
    LoggingSmsBackend.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = prereview.prereview_pass(w.office_reviewer, app, phone="13800138000", email="wm@example.com")
    person.refresh_from_db()
    assert result.password and person.check_password(result.password)
    assert (person.is_active, person.must_change_password, person.phone) == (True, True, "13800138000")
    assert [m.to for m in mail.outbox] == [["wm@example.com"]]
    assert result.password not in mail.outbox[0].body  # handed over by the office, never in a stored message
    assert LoggingSmsBackend.sent and LoggingSmsBackend.sent[0][0] == "13800138000"
    assert PaperAdmission.objects.get(application=app).account_issued_at is not None
    # Login by ID number with the one-time password; the password must be changed first.
    from django.test import Client

    c = Client()
    r = c.post("/login/", {"username": PAPER_ID, "password": result.password})
    assert r.status_code == 302


def test_a_person_is_admitted_once(world):
    w = world
    entry = s3.paper_batch(w, [("王明", PAPER_ID, "083", "输变电工程")]).entries.get()
    prereview.admit_paper_entry(w.office_reviewer, entry)
    with pytest.raises(TransitionError) as exc:
        prereview.admit_paper_entry(w.office_reviewer, entry)
    assert exc.value.conflict
    with pytest.raises(TransitionError) as exc:
        prereview.admit_paper_entry(w.other_office_reviewer, entry)
    assert exc.value.forbidden


def test_fail_lists_engine_and_reviewer_reasons_once_with_a_deadline_over_the_national_day(world, failing_engine):
    w = world
    w.app = f.submitted(w.app)
    s3.online_batch(w, [w.app], published_on=datetime.date(2026, 9, 11))
    items = [{"reason": "任现职以来业绩未附证明。", "sections": ["achievement", "attachments"]}]
    rec = s3.returned(w, w.app, items=items, on=datetime.date(2026, 9, 29))
    # 5 working days after 9月29日: 9月30日, (10月1日–7日 国庆), 10月8日, 10月9日, 10月10日（调休）, 10月12日
    assert rec.deadline == datetime.date(2026, 10, 12)
    assert (w.app.state, w.app.reopened_sections) == (State.PREREVIEW_RETURNED,
                                                      ["education", "achievement", "attachments"])
    assert [(i["source"], i["sections"]) for i in rec.items] == [("engine", ["education"]),
                                                                  ("reviewer", ["achievement", "attachments"])]
    assert "学历要求：大学专科，须大学本科" in rec.reason and "2026年10月12日" in rec.reason
    assert dm.ReturnRecord.objects.filter(application=w.app).count() == 1


def test_no_reason_no_return(batch):
    with pytest.raises(TransitionError) as exc:
        prereview.prereview_return(batch.office_reviewer, batch.app, items=[{"reason": " ", "sections": []}])
    assert "一次性列明全部原因" in exc.value.problems[0]
    with pytest.raises(TransitionError):
        prereview.prereview_return(batch.office_reviewer, batch.app, items=[{"reason": "缺材料", "sections": []}])


def test_pass_refused_while_the_engine_fails_unless_justified(batch, failing_engine):
    w = batch
    with pytest.raises(TransitionError) as exc:
        prereview.prereview_pass(w.office_reviewer, w.app)
    assert "学历要求" in exc.value.problems[0]
    prereview.prereview_pass(w.office_reviewer, w.app, justification="经核实符合破格条件。")
    assert AuditEvent.objects.get(action="prereview_pass").details["justification"] == "经核实符合破格条件。"


def _edit_basic(app, post):
    """The applicant's correction (the online helper opens the editing of reopened sections)."""
    dm.BasicInfo.objects.filter(application=app).update(post=post)


def test_resubmit_before_at_and_after_the_deadline(batch):
    w = batch
    rec = s3.returned(w, w.app, items=[{"reason": "岗位填写有误。", "sections": ["basic"]}], on=datetime.date(2026, 11, 10))
    assert rec.deadline == datetime.date(2026, 11, 17)
    with on(datetime.date(2026, 11, 12)), pytest.raises(TransitionError) as exc:
        prereview.resubmit_prereview(w.hr, w.app)
    assert exc.value.problems == ["告知须补正的材料尚未修改，请补正后再重新报送。"]  # no re-notice asked yet
    _edit_basic(w.app, "变电一次设计")
    # Material published in the unit's notice changed: a 补充公示 first.
    with on(datetime.date(2026, 11, 17)), pytest.raises(TransitionError) as exc:
        prereview.resubmit_prereview(w.hr, w.app)
    assert "补充公示" in exc.value.problems[0] and len(exc.value.problems) == 1
    scan = SimpleUploadedFile("gs.pdf", f.pdf_bytes("补充公示"))
    with on(datetime.date(2026, 11, 17)), pytest.raises(TransitionError) as exc:
        prereview.record_supplementary_notice(w.other_hr, w.app, starts_on=datetime.date(2026, 11, 11),
                                              ends_on=datetime.date(2026, 11, 16), scan=scan)
    assert exc.value.forbidden
    with on(datetime.date(2026, 11, 17)), pytest.raises(TransitionError) as exc:
        prereview.record_supplementary_notice(w.hr, w.app, starts_on=datetime.date(2026, 11, 11),
                                              ends_on=datetime.date(2026, 11, 17), scan=scan)
    assert exc.value.fields == {"ends_on": ["补充公示须已结束才能登记。"]}
    with on(datetime.date(2026, 11, 17)):
        prereview.record_supplementary_notice(
            w.hr, w.app, starts_on=datetime.date(2026, 11, 11), ends_on=datetime.date(2026, 11, 16),
            scan=SimpleUploadedFile("gs.pdf", f.pdf_bytes("补充公示")))
        prereview.resubmit_prereview(w.hr, w.app)  # on the deadline: still in time
    w.app.refresh_from_db()
    rec.refresh_from_db()
    assert (w.app.state, w.app.reopened_sections, rec.resolved_version) == (State.UNIT_SUBMITTED, [], 2)
    assert SupplementaryNotice.objects.filter(application=w.app).count() == 1


def test_resubmit_after_the_deadline_names_the_date(batch):
    w = batch
    s3.returned(w, w.app, items=[{"reason": "岗位填写有误。", "sections": ["basic"]}], on=datetime.date(2026, 11, 10))
    with on(datetime.date(2026, 11, 18)), pytest.raises(TransitionError) as exc:
        prereview.resubmit_prereview(w.hr, w.app)
    assert exc.value.problems == ["补正期限（2026年11月17日）已过，视为放弃，不能重新报送。"]


def test_a_second_return_warns_about_new_reasons_on_unchanged_material(batch):
    w = batch
    s3.returned(w, w.app, items=[{"reason": "岗位填写有误。", "sections": ["basic"]}], on=datetime.date(2026, 11, 10))
    _edit_basic(w.app, "变电一次设计")
    with on(datetime.date(2026, 11, 12)):
        prereview.record_supplementary_notice(
            w.hr, w.app, starts_on=datetime.date(2026, 11, 10), ends_on=datetime.date(2026, 11, 11),
            scan=SimpleUploadedFile("gs.pdf", f.pdf_bytes("补充公示")))
        prereview.resubmit_prereview(w.hr, w.app)
    second = [{"reason": "岗位仍不规范。", "sections": ["basic"]}, {"reason": "学历材料不全。", "sections": ["education"]}]
    with on(datetime.date(2026, 11, 13)), pytest.raises(TransitionError) as exc:
        prereview.prereview_return(w.office_reviewer, w.app, items=second)
    assert "学历学位" in exc.value.problems[0] and exc.value.fields.get("override")
    with on(datetime.date(2026, 11, 13)):
        rec = prereview.prereview_return(w.office_reviewer, w.app, items=second, override=True)
    assert PrereviewNotice.objects.get(record=rec).overridden_sections == ["education"]
    event = AuditEvent.objects.filter(action="prereview_return").order_by("-id").first()
    assert (event.details["override"], event.details["overridden_sections"]) == (True, ["education"])


def test_abandoned_the_day_after_the_deadline_not_on_it(batch):
    w = batch
    s3.returned(w, w.app, on=datetime.date(2026, 11, 10))
    assert prereview_jobs.abandon_overdue(datetime.date(2026, 11, 17)) == []
    w.app.refresh_from_db()
    assert w.app.state == State.PREREVIEW_RETURNED
    done = prereview_jobs.abandon_overdue(datetime.date(2026, 11, 18))
    w.app.refresh_from_db()
    assert [a.pk for a in done] == [w.app.pk] and w.app.state == State.ABANDONED
    event = AuditEvent.objects.get(action="abandon")
    assert event.reason == "逾期未补正，视为放弃（补正期限：2026年11月17日）"
    assert event.actor.username.startswith("system-office-") and not event.actor.is_active


def test_passed_but_not_online_by_the_offices_deadline_is_abandoned(batch):
    from zhicheng.office_review import schedule

    w = batch
    with on(datetime.date(2026, 11, 10)):
        prereview.prereview_pass(w.office_reviewer, w.app)
    # The office's own deadline replaces the fallback (tests/office_review/test_fixes_deadlines.py).
    schedule.set_step(w.office_reviewer, w.office, 2026, "online", starts_on=datetime.date(2026, 11, 16),
                      working_days=5)
    assert prereview_jobs.abandon_overdue(datetime.date(2026, 11, 20)) == []
    assert len(prereview_jobs.abandon_overdue(datetime.date(2026, 11, 21))) == 1
    assert AuditEvent.objects.get(action="abandon").reason == "逾期未网上申报，视为放弃（网上申报截止：2026年11月20日）"


def test_the_command_runs_the_job(batch):
    from django.core.management import call_command

    s3.returned(batch, batch.app, on=datetime.date(2026, 11, 10))
    with on(datetime.date(2026, 11, 18)):
        call_command("abandon_overdue")
    batch.app.refresh_from_db()
    assert batch.app.state == State.ABANDONED


def test_unit_hr_cannot_pass_and_other_office_cannot_act(batch):
    w = batch
    for who in (w.hr, w.other_office_reviewer):
        with pytest.raises(TransitionError) as exc:
            prereview.prereview_pass(who, w.app)
        assert exc.value.forbidden
        with pytest.raises(TransitionError) as exc:
            prereview.prereview_return(who, w.app, items=[{"reason": "x", "sections": ["basic"]}])
        assert exc.value.forbidden
    assert not User.objects.filter(username__startswith="system-office-").exists()


def test_the_real_engine_reasons_go_into_the_notice_and_hold_the_pass(batch, monkeypatch):
    monkeypatch.undo()  # the eligibility engine itself, on the factory's dossier
    w = batch
    failed = prereview.eligibility_report(w.app).failed
    assert failed
    with pytest.raises(TransitionError) as exc:
        prereview.prereview_pass(w.office_reviewer, w.app)
    assert failed[0].label in exc.value.problems[0]
    rec = s3.returned(w, w.app, items=[{"reason": "工作经历缺证明。", "sections": ["work"]}],
                      on=datetime.date(2026, 11, 10))
    assert [i["source"] for i in rec.items] == ["engine"] * len(failed) + ["reviewer"]
    assert all(f"{r.label}：{r.detail}" in rec.reason for r in failed)
