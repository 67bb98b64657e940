"""§三(二) 网上申报: the applicant edits the same dossier again after 预审通过 (every section) and after a
return (only the reopened sections); after online_submit nothing changes by any path (UI, API, upload, file
deletion, autosave, copy from last), each refused with a Chinese message. World reached through
tests/support/stage3_online.py (预审通过 by a direct transition while prereview is built in parallel)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhicheng.dossier import models as m
from zhicheng.dossier import services as dossier
from zhicheng.dossier.permissions import can_edit_section
from zhicheng.dossier.sections import SECTIONS
from zhicheng.office_review import online
from zhicheng.workflow import actions
from zhicheng.workflow.states import State

from .. import factories as f
from ..support.stage3_online import prereview_passed

API = "/api/v1"
LOCKED = "网上申报已提交，处于锁定状态"
EDUCATION = {"school": "河北工业大学", "major": "电气工程", "degree": "bachelor", "start_date": "2003-09-01",
             "end_date": "2007-07-01"}


def education_data():
    from zhicheng.codes.models import EducationLevel

    return {**EDUCATION, "education_level": EducationLevel.objects.get(code="21").pk}


def client(user) -> Client:
    c = Client(enforce_csrf_checks=False)
    c.force_login(user)
    return c


@pytest.fixture
def online_world(world):
    return prereview_passed(world)


def test_every_section_is_editable_in_prereview_passed_and_none_before(world):
    f.submitted(world.app)
    assert not any(can_edit_section(world.applicant, world.app, s.key) for s in SECTIONS)  # 待单位审核
    w = prereview_passed(world)
    assert all(can_edit_section(w.applicant, w.app, s.key) for s in SECTIONS)
    assert not can_edit_section(w.hr, w.app, "basic")  # only the applicant
    assert not can_edit_section(w.office_reviewer, w.app, "basic")
    assert not dossier.is_locked(w.app)


def test_applicant_saves_uploads_several_parts_and_autosaves(online_world):
    w = online_world
    c = client(w.applicant)
    r = c.post(f"/applications/{w.app.pk}/s/education/", education_data())
    assert r.status_code == 302 and m.Education.objects.filter(application=w.app, school="河北工业大学").exists()
    for part in (1, 2):  # a large proof split into parts: one section takes several files
        c.post(f"/applications/{w.app.pk}/s/education/upload/",
               {"file": SimpleUploadedFile(f"学位证书（第{part}部分）.pdf", f.pdf_bytes("学位证书")),
                "description": f"学位证书 第{part}部分"})
    assert m.Attachment.objects.filter(application=w.app, section="education").count() == 2
    ach = m.Achievement.objects.get(application=w.app)  # the published item, prefilled
    r = c.post(f"/applications/{w.app.pk}/s/achievement/draft/{ach.pk}/", {"content": "网上申报时正在输入"})
    assert r.status_code == 200 and r.json()["ok"]
    assert "网上申报时正在输入" in c.get(f"/applications/{w.app.pk}/s/achievement/").content.decode()


def test_an_oversized_file_is_refused_with_the_split_message(online_world):
    w = online_world
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    r = client(w.applicant).post(f"/applications/{w.app.pk}/s/attachments/upload/", {"file": big}, follow=True)
    body = r.content.decode()
    assert "超过单个文件 10 MB 的上限" in body and "拆分为多个文件" in body


def submitted_online(w):
    actions.perform(w.app, "online_submit", actor=w.applicant, data={"confirm_changes": "on"})
    w.app.refresh_from_db()
    assert w.app.state == State.ONLINE_SUBMITTED


def test_every_write_path_is_refused_after_online_submit(online_world):
    w = online_world
    att = dossier.attach_file(w.applicant, w.app, SimpleUploadedFile("证书.pdf", f.pdf_bytes("证书")),
                              section_key="attachments")
    edu = m.Education.objects.filter(application=w.app).first()
    submitted_online(w)
    assert not any(can_edit_section(w.applicant, w.app, s.key) for s in SECTIONS)
    before = (m.Education.objects.filter(application=w.app).count(), m.Attachment.objects.filter(application=w.app).count())
    c = client(w.applicant)
    base = f"/applications/{w.app.pk}"
    r = c.post(f"{base}/s/education/", education_data())  # UI section save
    assert r.status_code == 403 and LOCKED in r.content.decode()
    r = c.post(f"{base}/s/education/draft/new/", {"school": "x"})  # autosave
    assert r.status_code == 403 and LOCKED in r.json()["error"]
    r = c.post(f"{base}/s/attachments/upload/", {"file": SimpleUploadedFile("a.pdf", f.pdf_bytes("a"))}, follow=True)
    assert LOCKED in r.content.decode()  # upload
    r = c.post(f"{base}/s/attachments/delete/{att.pk}/", follow=True)  # delete a file
    assert LOCKED in r.content.decode()
    r = c.post(f"{base}/prefill/", follow=True)  # copy from the last application
    assert "只有填写中的申报可以复制上次申报信息" in r.content.decode()
    r = c.post(f"{API}/applications/{w.app.pk}/sections/education", education_data(), content_type="application/json")
    assert r.status_code == 403 and LOCKED in r.json()["detail"][0]  # API section write
    r = c.put(f"{API}/applications/{w.app.pk}/sections/education/{edu.pk}", education_data(),
              content_type="application/json")
    assert r.status_code == 403
    r = c.delete(f"{API}/applications/{w.app.pk}/sections/education/{edu.pk}")
    assert r.status_code == 403
    r = c.put(f"{API}/applications/{w.app.pk}/drafts/education/new", {"school": "x"}, content_type="application/json")
    assert r.status_code == 403
    r = c.post(f"{API}/applications/{w.app.pk}/attachments", {"file": SimpleUploadedFile("b.pdf", f.pdf_bytes("b"))})
    assert r.status_code == 403
    r = c.post(f"{API}/applications/{w.app.pk}/work-summary", {"file": SimpleUploadedFile("s.pdf", f.summary_pdf())})
    assert r.status_code == 403
    assert (m.Education.objects.filter(application=w.app).count(),
            m.Attachment.objects.filter(application=w.app).count()) == before
    assert not m.Draft.objects.filter(application=w.app).exists()


def test_a_return_reopens_exactly_the_chosen_sections(online_world):
    w = online_world
    submitted_online(w)
    actions.perform(w.app, "online_return", actor=w.office_reviewer, reason="1. 学历证书不清晰\n2. 工作经历缺少2019年",
                    data={"sections": ["education", "work"]})
    w.app.refresh_from_db()
    assert w.app.state == State.ONLINE_RETURNED
    editable = {s.key for s in SECTIONS if can_edit_section(w.applicant, w.app, s.key)}
    assert editable == {"education", "work"}
    refused = can_edit_section(w.applicant, w.app, "basic")
    assert "只能修改主管部门退回时指定的部分" in refused.reason
    r = client(w.applicant).post(f"/applications/{w.app.pk}/s/basic/", {"phone": "13900000000"})
    assert r.status_code == 403
    r = client(w.applicant).post(f"/applications/{w.app.pk}/s/education/", education_data())
    assert r.status_code == 302
    # resubmitted from 网上审核退回: locked again, the return resolved by the new version
    actions.perform(w.app, "online_submit", actor=w.applicant, data={"confirm_changes": "on"})
    w.app.refresh_from_db()
    ret = w.app.returns.get(action="online_return")
    assert w.app.state == State.ONLINE_SUBMITTED and w.app.reopened_sections == []
    assert ret.resolved_version == w.app.versions.order_by("-number").first().number
    assert not can_edit_section(w.applicant, w.app, "education")
    assert online.last_submission(w.app).differences  # the new education item was flagged


def test_the_dossier_page_leads_to_the_online_application_and_others_read_the_submitted_version(online_world):
    w = online_world
    page = client(w.applicant).get(f"/applications/{w.app.pk}/").content.decode()
    assert 'id="online-link"' in page and 'id="action-online_submit"' in page and "资格预审已通过" in page
    dossier.save_item(w.applicant, w.app, "education", education_data() | {"school": "正在修改的学校"})
    page = client(w.office_reviewer).get(f"/applications/{w.app.pk}/s/education/", follow=True).content.decode()
    assert "正在修改的学校" not in page  # the live edits stay the applicant's until submitted
    r = client(w.office_reviewer).get(f"{API}/applications/{w.app.pk}/sections/education").json()
    assert all(i["values"].get("毕业院校") != "正在修改的学校" for i in r["items"])
    # the generic action page takes the confirmation too
    r = client(w.applicant).post(f"/applications/{w.app.pk}/actions/online_submit/", {})
    assert "勾选“我已核对以上差异" in r.content.decode()
    r = client(w.applicant).post(f"/applications/{w.app.pk}/actions/online_submit/", {"confirm_changes": "on"})
    assert r.status_code == 302
    w.app.refresh_from_db()
    assert w.app.state == State.ONLINE_SUBMITTED
    assert "正在修改的学校" in client(w.office_reviewer).get(f"/office/online/{w.app.pk}/").content.decode()
