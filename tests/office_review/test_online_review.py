"""§三(二) consistency with the published material, the final check, and §三(三) 网上审核 (pass, or return
with every reason at once); who may see what. World reached through tests/support/stage3_online.py."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhicheng.dossier import models as m
from zhicheng.dossier import services as dossier
from zhicheng.messaging.models import Message
from zhicheng.office_review import online
from zhicheng.office_review.models import OnlineSubmission
from zhicheng.workflow import actions
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from .. import factories as f
from ..support.queries import count_queries
from ..support.stage3_online import prereview_passed
from .test_online_edit import education_data

API = "/api/v1"
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def client(user) -> Client:
    c = Client(enforce_csrf_checks=False)
    c.force_login(user)
    return c


@pytest.fixture
def online_world(world):
    return prereview_passed(world)


def change_education_and_replace_summary(w):
    edu = m.Education.objects.filter(application=w.app).first()
    dossier.save_item(w.applicant, w.app, "education", {**education_data(), "school": "河北大学"}, item_id=edu.pk)
    dossier.upload_work_summary(w.applicant, w.app, SimpleUploadedFile("新工作总结.pdf", f.summary_pdf()))


def test_nothing_differs_when_unchanged_then_the_submission_needs_no_confirmation(online_world):
    w = online_world
    c = online.compare(w.app)
    assert not c.paper and c.rows == [] and c.published.number == 1
    page = client(w.applicant).get(f"/office/online/apply/{w.app.pk}/").content.decode()
    assert 'id="diff-none"' in page and "confirm-changes" not in page and 'id="next-section"' not in page
    actions.perform(w.app, "online_submit", actor=w.applicant, data={})
    sub = OnlineSubmission.objects.get(application=w.app)
    assert (sub.version_number, sub.published_version, sub.differences, sub.confirmed) == (2, 1, [], False)


def test_a_changed_field_and_a_replaced_file_are_flagged_side_by_side(online_world):
    w = online_world
    change_education_and_replace_summary(w)
    rows = online.compare(w.app).rows
    school = [r for r in rows if r["field"] == "毕业院校"]
    assert school == [{"section": "学历学位", "kind": "修改", "field": "毕业院校", "old": "河北工业大学",
                       "new": "河北大学", "file": False}]
    files = [r for r in rows if r["section"] == "工作总结"]
    assert {r["field"] for r in files} >= {"文件", "SHA-256"} and all(r["file"] for r in files)
    assert next(r for r in files if r["field"] == "文件")["new"] == "新工作总结.pdf"
    page = client(w.applicant).get(f"/office/online/apply/{w.app.pk}/").content.decode()
    assert "公示时" in page and "现在" in page and "河北大学" in page and 'id="confirm-changes"' in page
    # not confirmed: refused with the count; confirmed: submitted, the differences kept for the reviewer
    with pytest.raises(TransitionError) as e:
        actions.perform(w.app, "online_submit", actor=w.applicant, data={})
    assert e.value.problems == [online.confirm_message(len(rows))]
    r = client(w.applicant).post(f"/office/online/apply/{w.app.pk}/", {"confirm_changes": "on"})
    assert r.status_code == 302
    w.app.refresh_from_db()
    sub = OnlineSubmission.objects.get(application=w.app)
    assert w.app.state == State.ONLINE_SUBMITTED and sub.confirmed and sub.differences == rows
    page = client(w.office_reviewer).get(f"/office/online/{w.app.pk}/").content.decode()
    assert "河北大学" in page and "河北工业大学" in page and "申报人提交时已确认" in page and "diff-file" in page
    assert 'id="eligibility"' in page and "申报条件核对" in page  # the engine on what was submitted online
    r = client(w.office_reviewer).get(f"{API}/applications/{w.app.pk}/online-diff").json()
    assert r["source"] == "submitted" and r["confirmed"] and len(r["differences"]) == len(rows)


def test_the_final_check_lists_everything_missing_at_once(online_world):
    w = online_world
    for key in ("education", "work"):
        for item in m.Education.objects.filter(application=w.app) if key == "education" else \
                m.WorkExperience.objects.filter(application=w.app):
            dossier.delete_item(w.applicant, w.app, key, item.pk)
    with pytest.raises(TransitionError) as e:
        actions.perform(w.app, "online_submit", actor=w.applicant, data={"confirm_changes": "on"})
    assert e.value.problems == ["“学历学位”尚未填写。", "“工作经历”尚未填写。"]
    page = client(w.applicant).get(f"/office/online/apply/{w.app.pk}/").content.decode()
    assert "提交前还需完成（共2项）" in page and 'id="next-section"' in page and "下一部分：学历学位" in page
    w.app.refresh_from_db()
    assert w.app.state == State.PREREVIEW_PASSED


def test_a_paper_path_application_says_there_is_nothing_to_compare(world):
    app = f.submitted(world.app)  # no notice published this dossier
    assert online.compare(app).paper
    page = client(world.applicant).get(f"/office/online/apply/{app.pk}/").content.decode()
    assert 'id="diff-paper"' in page and "纸质途径" in page


@pytest.mark.dates
def test_review_return_with_every_reason_then_pass(online_world):
    w = online_world
    with time_machine.travel(datetime.datetime(2026, 11, 19, 10, tzinfo=BEIJING), tick=False):
        actions.perform(w.app, "online_submit", actor=w.applicant, data={})
    rc = client(w.office_reviewer)
    assert w.applicant.real_name in rc.get("/office/online/").content.decode()
    assert rc.get(f"{API}/office/online/queue").json()["items"][0]["id"] == w.app.pk
    r = rc.post(f"/office/online/{w.app.pk}/online_return/", {"reason": "", "sections": ["work"]}, follow=True)
    assert "须填写原因" in r.content.decode()
    r = rc.post(f"/office/online/{w.app.pk}/online_return/", {"reason": "证书不清晰"}, follow=True)
    assert "请至少选择一个允许修改的部分" in r.content.decode()
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=BEIJING), tick=False):  # a Friday
        r = rc.post(f"/office/online/{w.app.pk}/online_return/",
                    {"reason": "1. 学历证书不清晰\n2. 工作经历缺少2019年", "sections": ["education", "work"]})
    assert r.status_code == 302
    w.app.refresh_from_db()
    ret = w.app.returns.get(action="online_return")
    assert w.app.state == State.ONLINE_RETURNED and w.app.reopened_sections == ["education", "work"]
    assert ret.stage == "§三(三)" and ret.sections == ["education", "work"]
    assert [i["reason"] for i in ret.items] == ["1. 学历证书不清晰", "2. 工作经历缺少2019年"]
    assert ret.deadline == datetime.date(2026, 11, 27)  # 5 working days from Monday 11-23
    msg = Message.objects.get(recipient=w.applicant, subject="网上申报被退回修改")
    assert "2026年11月27日" in msg.body and "学历证书不清晰" in msg.body
    page = client(w.applicant).get(f"/office/online/apply/{w.app.pk}/").content.decode()
    assert "主管部门已退回修改" in page and "学历学位、工作经历" in page
    with time_machine.travel(datetime.datetime(2026, 11, 27, 10, tzinfo=BEIJING), tick=False):  # the last day
        actions.perform(w.app, "online_submit", actor=w.applicant, data={})
    rc.post(f"/office/online/{w.app.pk}/online_pass/")
    w.app.refresh_from_db()
    assert w.app.state == State.ONLINE_PASSED
    assert Message.objects.filter(recipient=w.applicant, subject="网上审核已通过").exists()


def test_pass_needs_an_online_submission_of_the_last_version(online_world):
    w = online_world
    assert online.online_review_passable(w.app, w.office_reviewer, {}) == ["申报人尚未提交网上申报，不能审核通过。"]


def test_other_office_and_other_unit_see_nothing(online_world):
    w = online_world
    actions.perform(w.app, "online_submit", actor=w.applicant, data={})
    other = client(w.other_office_reviewer)
    assert other.get(f"/office/online/{w.app.pk}/").status_code == 404
    assert w.applicant.real_name not in other.get("/office/online/").content.decode()
    assert other.post(f"/office/online/{w.app.pk}/online_pass/").status_code == 404
    assert other.get(f"{API}/applications/{w.app.pk}/online-diff").status_code == 404
    assert other.get(f"{API}/office/online/queue").json()["items"] == []
    stranger = client(w.other_applicant)
    assert stranger.get(f"/office/online/apply/{w.app.pk}/").status_code == 404
    assert stranger.get(f"{API}/applications/{w.app.pk}/online-diff").status_code == 404
    assert stranger.get("/office/online/").status_code == 404
    assert stranger.get(f"{API}/office/online/queue").status_code == 403
    assert client(w.applicant).get(f"/office/online/{w.app.pk}/").status_code == 404  # not a reviewer
    with pytest.raises(TransitionError):
        actions.perform(w.app, "online_pass", actor=w.other_office_reviewer)
    w.app.refresh_from_db()
    assert w.app.state == State.ONLINE_SUBMITTED


def test_the_applicant_api_diff_is_live_before_submitting(online_world):
    w = online_world
    change_education_and_replace_summary(w)
    r = client(w.applicant).get(f"{API}/applications/{w.app.pk}/online-diff").json()
    assert r["source"] == "live" and r["published_version"] == 1 and not r["paper"]
    assert any(d["field"] == "毕业院校" and d["new"] == "河北大学" for d in r["differences"])
    r = client(w.applicant).post(f"{API}/applications/{w.app.pk}/actions/online_submit", {"data": {"confirm_changes": True}},
                                 content_type="application/json")
    assert r.status_code == 200, r.json()


def test_the_diff_pages_do_not_grow_with_the_items(online_world):
    w = online_world

    def add(n):
        for i in range(n):
            dossier.save_item(w.applicant, w.app, "education", {**education_data(), "school": f"新学校{i}"})

    url = f"/office/online/apply/{w.app.pk}/"
    add(1)
    count_queries(client(w.applicant), url)  # the first request of the process fills its caches
    few = count_queries(client(w.applicant), url)
    add(5)
    assert count_queries(client(w.applicant), url) == few
    # the reviewer's page reads the differences kept at submission: one more or five more, the same queries
    actions.perform(w.app, "online_submit", actor=w.applicant, data={"confirm_changes": "on"})
    review = f"/office/online/{w.app.pk}/"
    count_queries(client(w.office_reviewer), review)
    before = count_queries(client(w.office_reviewer), review)
    actions.perform(w.app, "online_return", actor=w.office_reviewer, reason="补充学历", data={"sections": ["education"]})
    add(5)
    actions.perform(w.app, "online_submit", actor=w.applicant, data={"confirm_changes": "on"})
    assert len(online.last_submission(w.app).differences) == 11
    assert count_queries(client(w.office_reviewer), review) == before
