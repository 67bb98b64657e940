"""The main dossier flow through the UI views (Django test client, real DB, real files)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.codes.models import AssessmentResult, EducationLevel
from zhicheng.dossier import models as m
from zhicheng.workflow.states import State

from .. import factories as f


def login(client, user):
    client.force_login(user)


def test_section_save_shows_all_errors_at_once_in_chinese(client, world):
    login(client, world.applicant)
    r = client.post(f"/applications/{world.app.pk}/s/education/", {"school": "", "major": "",
                                                                   "start_date": "2030-01-01"})
    body = r.content.decode()
    assert r.status_code == 200
    for msg in ["请填写毕业院校。", "请填写所学专业。", "请填写学历。", "入学时间不能晚于今天。", "请填写毕业时间。"]:
        assert msg in body
    assert not m.Education.objects.filter(application=world.app).exists()


def test_degree_cannot_predate_birth_plus_15_years(client, world):
    login(client, world.applicant)  # born 1985-03-15
    data = {"school": "某大学", "major": "电气", "education_level": EducationLevel.objects.get(code="21").pk,
            "degree": "bachelor", "start_date": "1996-09-01", "end_date": "2000-03-14"}
    r = client.post(f"/applications/{world.app.pk}/s/education/", data)
    assert "毕业时间早于出生后15年" in r.content.decode()
    data["end_date"] = "2000-03-15"
    client.post(f"/applications/{world.app.pk}/s/education/", data)
    assert m.Education.objects.filter(application=world.app).count() == 1


@pytest.mark.dates
def test_title_date_cannot_be_in_future(client, world):
    login(client, world.applicant)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    r = client.post(f"/applications/{world.app.pk}/s/current_title/", {
        "title_name": "工程师", "obtained_on": tomorrow.isoformat(), "approval_document": "冀职改〔2015〕1号"})
    assert "取得时间不能晚于今天。" in r.content.decode()
    assert not m.CurrentTitle.objects.filter(application=world.app).exists()


def test_one_assessment_per_year(client, world):
    login(client, world.applicant)
    good = AssessmentResult.objects.get(code="excellent").pk
    client.post(f"/applications/{world.app.pk}/s/assessments/", {"year": 2024, "result": good})
    r = client.post(f"/applications/{world.app.pk}/s/assessments/", {"year": 2024, "result": good})
    assert "2024年度的考核结果已填写" in r.content.decode()
    assert m.AnnualAssessment.objects.filter(application=world.app).count() == 1


def test_draft_autosave_is_restored_on_reload(client, world):
    login(client, world.applicant)
    url = f"/applications/{world.app.pk}/s/achievement/"
    r = client.post(url + "draft/new/", {"content": "正在输入的业绩内容，尚未点击保存"})
    assert r.status_code == 200 and r.json()["ok"]
    page = client.get(url).content.decode()
    assert "正在输入的业绩内容，尚未点击保存" in page
    assert "已恢复自动保存的未保存内容" in page
    client.post(url, {"content": "正式保存的业绩"})
    assert m.Achievement.objects.get(application=world.app).content == "正式保存的业绩"
    assert not m.Draft.objects.filter(application=world.app, section="achievement").exists()


def test_submit_lists_every_missing_item(client, world):
    login(client, world.applicant)
    r = client.post(f"/applications/{world.app.pk}/actions/submit/", follow=True)
    body = r.content.decode()
    for label in ["基本信息", "学历学位", "现任专业技术职务", "工作经历", "任现职以来主要业绩", "年度考核", "继续教育", "工作总结"]:
        assert f"“{label}”尚未填写" in body
    world.app.refresh_from_db()
    assert world.app.state == State.DRAFT


def test_submit_return_resubmit_keeps_versions_and_diff(client, world):
    f.fill_required(world.app)
    login(client, world.applicant)
    client.post(f"/applications/{world.app.pk}/actions/submit/")
    world.app.refresh_from_db()
    assert world.app.state == State.SUBMITTED
    assert world.app.versions.count() == 1

    client.logout()
    login(client, world.hr)
    r = client.post(f"/applications/{world.app.pk}/actions/return/", {"reason": "业绩描述过于简略", "sections": ["achievement"]})
    assert r.status_code == 302
    world.app.refresh_from_db()
    assert world.app.state == State.RETURNED and world.app.reopened_sections == ["achievement"]

    client.logout()
    login(client, world.applicant)
    page = client.get(f"/applications/{world.app.pk}/").content.decode()
    assert "业绩描述过于简略" in page
    # only the reopened section may change
    r = client.post(f"/applications/{world.app.pk}/s/work/", {"start_date": "2010-01-01", "employer": "x",
                                                              "position": "y"})
    assert r.status_code == 403
    client.post(f"/applications/{world.app.pk}/s/achievement/", {"content": "主持完成某500kV变电站设计，获省优秀设计一等奖。"})
    client.post(f"/applications/{world.app.pk}/actions/submit/")
    world.app.refresh_from_db()
    assert world.app.state == State.SUBMITTED and world.app.versions.count() == 2
    diff = client.get(f"/applications/{world.app.pk}/versions/").content.decode()
    assert "主持完成某500kV变电站设计" in diff and "主持完成某220kV变电站电气设计。" in diff
    actions = list(AuditEvent.objects.filter(object_id=str(world.app.pk)).values_list("action", flat=True))
    assert actions.count("submit") == 2 and "return" in actions


def test_upload_11mb_is_refused_with_split_message(client, world):
    login(client, world.applicant)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), content_type="application/pdf")
    r = client.post(f"/applications/{world.app.pk}/s/attachments/upload/", {"file": big}, follow=True)
    body = r.content.decode()
    assert "超过单个文件 10 MB 的上限" in body and "拆分" in body
    assert not m.Attachment.objects.exists()


def test_upload_and_download_attachment_as_attachment(client, world):
    login(client, world.applicant)
    pdf = f.pdf_bytes("学位证书")
    client.post(f"/applications/{world.app.pk}/s/education/upload/",
                {"file": SimpleUploadedFile("学位证书.pdf", pdf), "description": "学位证书"})
    att = m.Attachment.objects.get(application=world.app)
    assert att.section == "education" and att.file.kind == "pdf"
    assert att.file.file.name.endswith(".pdf") and "学位证书" not in att.file.file.name  # server-made name
    r = client.get(f"/applications/{world.app.pk}/files/{att.file_id}/")
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert b"".join(r.streaming_content) == pdf
    client.logout()
    login(client, world.other_hr)
    assert client.get(f"/applications/{world.app.pk}/files/{att.file_id}/").status_code == 404


def test_home_pages_render_for_every_role(client, world):
    for u in [world.applicant, world.hr, world.leader, world.assessor, world.office_reviewer, world.provincial,
              world.host_user, world.expert]:
        client.force_login(u)
        r = client.get("/")
        assert r.status_code == 200, u
        assert "您好" in r.content.decode()


def test_healthz(client, db):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["database"] == "ok"


def test_reopened_attachments_allow_replacing_a_proof_of_any_section(client, world):
    f.fill_required(world.app)
    login(client, world.applicant)
    client.post(f"/applications/{world.app.pk}/s/education/upload/",
                {"file": SimpleUploadedFile("证书.pdf", f.pdf_bytes("模糊的证书")), "description": "学位证书"})
    f.submitted(world.app, fill=False)
    f.returned(world.app, world.hr, sections=["attachments"], reason="学历证书扫描件不清晰，请重新上传")
    old = m.Attachment.objects.get(application=world.app)
    r = client.post(f"/applications/{world.app.pk}/s/attachments/delete/{old.pk}/")
    assert r.status_code == 302 and not m.Attachment.objects.filter(pk=old.pk).exists()
    client.post(f"/applications/{world.app.pk}/s/education/upload/",
                {"file": SimpleUploadedFile("证书.pdf", f.pdf_bytes("清晰的证书")), "description": "学位证书"})
    assert m.Attachment.objects.filter(application=world.app, section="education").count() == 1
    # the education entries themselves stay locked
    r = client.post(f"/applications/{world.app.pk}/s/education/", {"school": "x"})
    assert r.status_code == 403


def test_hr_home_counts_dossiers_waiting_for_review(client, world):
    f.submitted(world.app)
    client.force_login(world.hr)
    body = client.get("/").content.decode()
    todo = body[body.index('id="staff-todo"'):]
    todo = todo[:todo.index("</ul>")]
    assert "单位人事：" in todo and "待单位审核" in todo and '<span class="count">1</span>' in todo
    client.force_login(world.other_hr)
    body = client.get("/").content.decode()
    assert '<span class="count">0</span>' in body


@pytest.mark.dates
def test_first_submission_after_the_deadline_is_refused_but_a_returned_one_may_come_back(client, world):
    from zhicheng.dossier import services

    f.fill_required(world.app)
    stage = world.campaign.stages.get(stage="application")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    stage.ends_on = yesterday
    stage.save()
    login(client, world.applicant)
    body = client.post(f"/applications/{world.app.pk}/actions/submit/", follow=True).content.decode()
    assert "截止，不能再提交" in body
    world.app.refresh_from_db()
    assert world.app.state == State.DRAFT
    stage.ends_on = timezone.localdate()  # the last day still counts
    stage.save()
    services.submit(world.applicant, world.app)
    f.returned(world.app, world.hr, sections=["achievement"], reason="补充")
    stage.ends_on = yesterday
    stage.save()
    services.submit(world.applicant, world.app)  # returned by the unit: no deadline on coming back
    world.app.refresh_from_db()
    assert world.app.state == State.SUBMITTED
    late = f.user("applicant", world.unit, name="迟到者")
    client.force_login(late)
    from zhicheng.codes.models import Title

    r = client.post("/applications/new/", {"campaign": world.campaign.pk, "title": Title.objects.get(code="083").pk,
                                            "specialty": "电气"})
    assert "截止" in r.content.decode()


def test_refused_access_is_audited(client, world):
    from zhicheng.audit.models import AuditEvent

    client.force_login(world.other_hr)
    assert client.get(f"/applications/{world.app.pk}/").status_code == 404
    assert client.get(f"/api/v1/applications/{world.app.pk}").status_code == 404
    events = AuditEvent.objects.filter(action="access_denied", actor=world.other_hr, object_id=str(world.app.pk))
    assert events.count() == 2 and not any(e.success for e in events)


def test_oversized_upload_is_not_read_past_the_limit(client, world, settings, tmp_path):
    """The handler skips the file once past 10 MB: nothing of it is kept, and the message says why."""
    import os

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    login(client, world.applicant)
    big = SimpleUploadedFile("扫描件.pdf", b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024))
    body = client.post(f"/applications/{world.app.pk}/s/attachments/upload/", {"file": big}, follow=True)
    assert "超过单个文件 10 MB 的上限" in body.content.decode()
    assert os.listdir(tmp_path) == []  # no temporary file was written for it
    r = client.post(f"/api/v1/applications/{world.app.pk}/attachments",
                    {"file": SimpleUploadedFile("扫描件.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))})
    assert r.status_code == 422 and "拆分" in r.json()["detail"][0]
