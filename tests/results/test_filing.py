"""§五(二) 报送 and 备案/核准: 备案 only for 中级/初级, 核准 only for 高级, refusal back to the host and
re-report or cancellation, notices to the other side, the provincial office's page and who may use it."""

import pytest
from django.test import Client

from zhicheng.messaging.models import Message
from zhicheng.results import filing
from zhicheng.results.models import ResultReport, ResultReportEntry
from zhicheng.workflow import actions
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from ..support import stage5 as s5
from ..support.queries import count_queries


def test_report_moves_the_batch_and_tells_the_province(world):
    report = s5.reported(world)
    assert world.senior.state == world.middle.state == State.RESULT_REPORTED
    assert report.entries.count() == 2
    assert Message.objects.filter(recipient=world.provincial, subject="评审结果报送备案/核准").exists()


def test_filing_only_for_intermediate_and_approval_only_for_senior(world):
    report = s5.reported(world)
    with pytest.raises(TransitionError) as e:
        filing.decide(world.provincial, report, "file_result", application_ids=[world.senior.pk])
    assert e.value.problems == ["高级职称评审结果须报省职改办核准，不能备案。"]
    with pytest.raises(TransitionError) as e:
        filing.decide(world.provincial, report, "approve_result", application_ids=[world.middle.pk])
    assert e.value.problems == ["中级、初级职称评审结果实行备案，不需核准。"]
    filing.decide(world.provincial, report, "file_result", application_ids=[world.middle.pk])
    filing.decide(world.provincial, report, "approve_result", application_ids=[world.senior.pk])
    world.senior.refresh_from_db()
    world.middle.refresh_from_db()
    assert (world.middle.state, world.senior.state) == (State.RESULT_FILED, State.RESULT_APPROVED)
    assert Message.objects.filter(recipient=world.host_user, subject="评审结果已备案").exists()
    assert Message.objects.filter(recipient=world.host_user, subject="评审结果已核准").exists()


def test_only_the_provincial_office_decides(world):
    report = s5.reported(world)
    for user in (world.host_user, world.office_reviewer, world.hr):
        with pytest.raises(filing.ResultFlowRefusal):
            filing.decide(user, report, "file_result", application_ids=[world.middle.pk])


def test_refusal_and_re_report(world):
    report = s5.reported(world)
    with pytest.raises(TransitionError, match="须填写原因"):
        filing.decide(world.provincial, report, "refuse_result", application_ids=[world.middle.pk])
    filing.decide(world.provincial, report, "refuse_result", application_ids=[world.middle.pk],
                  reason="评审会议出席人数不足。")
    world.middle.refresh_from_db()
    assert world.middle.state == State.RESULT_REFUSED
    msg = Message.objects.get(recipient=world.host_user, subject="评审结果不予备案/核准")
    assert "评审会议出席人数不足" in msg.body
    c = Client()
    c.force_login(world.host_user)
    assert "评审会议出席人数不足" in c.get("/results/flow/").content.decode()
    actions.perform(world.middle, "re_report_result", actor=world.host_user, reason="已补充会议记录。")
    world.middle.refresh_from_db()
    assert world.middle.state == State.RESULT_REPORTED
    again = ResultReport.objects.exclude(pk=report.pk).get()
    assert again.explanation == "已补充会议记录。"
    assert again.entries.get().outcome == ResultReportEntry.Outcome.PENDING


def test_cancel_after_refusal(world):
    report = s5.reported(world)
    filing.decide(world.provincial, report, "refuse_result", application_ids=[world.senior.pk], reason="不符合条件")
    world.senior.refresh_from_db()
    actions.perform(world.senior, "cancel_pass", actor=world.host_user, reason="接受退回意见。")
    world.senior.refresh_from_db()
    assert world.senior.state == State.FAILED


def test_re_report_by_another_host_is_refused(world):
    report = s5.reported(world)
    filing.decide(world.provincial, report, "refuse_result", application_ids=[world.middle.pk], reason="理由")
    world.middle.refresh_from_db()
    other = s5.other_host(world)
    with pytest.raises(TransitionError) as e:
        actions.perform(world.middle, "re_report_result", actor=other, reason="x")
    assert e.value.forbidden


def test_province_pages_and_permissions(world):
    report = s5.reported(world)
    c = Client()
    c.force_login(world.provincial)
    assert c.get("/results/flow/province/").status_code == 200
    r = c.post(f"/results/flow/reports/{report.pk}/", {"action": "file_result", "applications": [world.senior.pk]})
    assert r.status_code == 422 and "不能备案" in r.content.decode()
    r = c.post(f"/results/flow/reports/{report.pk}/", {"action": "file_result", "applications": [world.middle.pk]},
               follow=True)
    assert "已办理1人" in r.content.decode()
    for user in (world.host_user, world.office_reviewer, world.hr, world.applicant):
        c.force_login(user)
        assert c.get("/results/flow/province/").status_code == 403
        assert c.get(f"/results/flow/reports/{report.pk}/").status_code == 404


def test_province_list_queries_do_not_grow_with_reports(world):
    report = s5.reported(world)
    c = Client()
    c.force_login(world.provincial)
    count_queries(c, "/results/flow/province/")
    few = count_queries(c, "/results/flow/province/")
    for _ in range(3):
        r = ResultReport.objects.create(host=report.host, notice=report.notice, reported_by=world.host_user)
        ResultReportEntry.objects.create(report=r, application=world.middle)
    assert count_queries(c, "/results/flow/province/") == few
    count_queries(c, f"/results/flow/reports/{report.pk}/")


def test_dossier_page_buttons_and_the_action_view(world):
    report = s5.reported(world)
    c = Client()
    c.force_login(world.provincial)
    page = c.get(f"/applications/{world.middle.pk}/").content.decode()
    assert 'id="action-file_result"' in page and 'id="action-refuse_result"' in page
    assert 'id="action-approve_result"' not in page
    r = c.post(f"/applications/{world.middle.pk}/actions/refuse_result/", {"reason": "材料不全。"}, follow=True)
    assert r.status_code == 200
    world.middle.refresh_from_db()
    assert world.middle.state == State.RESULT_REFUSED
    assert report.entries.get(application=world.middle).outcome == ResultReportEntry.Outcome.REFUSED
    c.force_login(world.host_user)
    assert c.get(f"/applications/{world.middle.pk}/actions/re_report_result/").status_code == 200
    c.post(f"/applications/{world.middle.pk}/actions/re_report_result/", {"reason": "已补全。"})
    world.middle.refresh_from_db()
    assert world.middle.state == State.RESULT_REPORTED
