"""Who sees a dossier when (issue 6 §4): a draft is the applicant's alone; the unit sees it once submitted;
offices and the province from the unit's submission upward (seed §二(八)); nobody acts on a step that is
not theirs (403 before any form)."""

from django.test import Client

from zhicheng.dossier import services
from zhicheng.dossier.permissions import can_view, visible_applications
from zhicheng.workflow import actions
from zhicheng.workflow.states import UPWARD_STATES, State

from .. import factories as f


def test_offices_see_exactly_the_states_after_the_units_submission():
    assert UPWARD_STATES == {
        State.UNIT_SUBMITTED, State.PREREVIEW_RETURNED, State.PREREVIEW_PASSED, State.ONLINE_SUBMITTED,
        State.ONLINE_RETURNED, State.ONLINE_PASSED, State.OFFICE_ENDORSED, State.SPOT_CHECK, State.SPOT_RETURNED,
        State.HOST_REVIEW, State.HOST_RETURNED, State.IN_COMMITTEE, State.PASSED, State.FAILED, State.RESULT_NOTICE,
        State.RESULT_REPORTED, State.RESULT_REFUSED, State.RESULT_FILED, State.RESULT_APPROVED, State.ISSUED,
        State.REVOKED, State.DISQUALIFIED, State.ABANDONED}
    assert not UPWARD_STATES & {State.DRAFT, State.SUBMITTED, State.RETURNED, State.NOTICE_PASSED}


def test_a_draft_is_the_applicants_alone(world):
    for staff in (world.hr, world.leader, world.assessor, world.office_reviewer, world.provincial):
        assert not can_view(staff, world.app)
        assert world.app not in visible_applications(staff)
    assert can_view(world.applicant, world.app)


def test_the_unit_sees_it_once_submitted_but_not_the_office_yet(world):
    f.submitted(world.app)
    for unit_staff in (world.hr, world.leader):
        assert can_view(unit_staff, world.app)
    for upward in (world.office_reviewer, world.provincial):
        assert not can_view(upward, world.app) and not visible_applications(upward).exists()
    f.returned(world.app, world.hr, sections=["basic"])
    assert can_view(world.hr, world.app)  # a returned dossier was submitted: the unit keeps seeing it


def test_a_draft_withdrawn_before_any_submission_stays_the_applicants(world):
    actions.perform(world.app, "withdraw", actor=world.applicant)
    assert not can_view(world.hr, world.app) and can_view(world.applicant, world.app)


def test_the_return_form_is_403_for_those_who_may_not_return(world):
    f.submitted(world.app)
    c = Client()
    for who in (world.leader, world.applicant):
        c.force_login(who)
        assert c.get(f"/applications/{world.app.pk}/actions/return/").status_code == 403
        r = c.post(f"/applications/{world.app.pk}/actions/return/", {"reason": "x", "sections": ["basic"]})
        assert r.status_code == 403
    world.app.refresh_from_db()
    assert world.app.state == State.SUBMITTED
    c.force_login(world.hr)
    assert c.get(f"/applications/{world.app.pk}/actions/return/").status_code == 200


def test_unit_hr_list_and_home_count_no_drafts(world):
    f.application(world.applicant2, world.campaign, "083")  # another draft in the unit
    c = Client()
    c.force_login(world.hr)
    page = c.get("/applications/").content.decode()
    assert "张建国" not in page and "李秀英" not in page
    f.submitted(world.app)
    services.missing_items(world.app)
    page = c.get("/applications/").content.decode()
    assert "张建国" in page and "李秀英" not in page


def test_staff_see_the_last_submitted_version_of_a_returned_dossier_never_live_edits(world):
    from zhicheng.dossier import models as m

    f.submitted(world.app)
    f.returned(world.app, world.hr, sections=["achievement"])
    services.save_item(world.applicant, world.app, "achievement", {"content": "正在修改的新业绩描述，尚未提交。"})
    c = Client()
    c.force_login(world.hr)
    r = c.get(f"/applications/{world.app.pk}/s/achievement/")
    assert r.status_code == 302 and r["Location"].endswith(f"/applications/{world.app.pk}/versions/1/#section-achievement")
    page = c.get(f"/applications/{world.app.pk}/versions/1/").content.decode()
    assert "主持完成某220kV变电站电气设计。" in page and "正在修改的新业绩描述" not in page
    detail = c.get(f"/applications/{world.app.pk}/").content.decode()
    assert 'id="shown-version"' in detail and "正在修改" not in detail.split('id="shown-version"')[0][-50:]
    c.force_login(world.applicant)  # the owner works on the live dossier
    assert c.get(f"/applications/{world.app.pk}/s/achievement/").status_code == 200
    assert "正在修改的新业绩描述" in c.get(f"/applications/{world.app.pk}/s/achievement/").content.decode()
    assert m.Achievement.objects.get(application=world.app).content.startswith("正在修改")


def test_the_api_also_serves_staff_the_last_submission_of_a_returned_dossier(world):
    f.submitted(world.app)
    f.returned(world.app, world.hr, sections=["achievement"])
    services.save_item(world.applicant, world.app, "achievement", {"content": "正在修改的新业绩描述，尚未提交。"})
    c = Client()
    c.force_login(world.hr)
    body = c.get(f"/api/v1/applications/{world.app.pk}/sections/achievement").json()
    assert body["version"] == 1 and "正在修改" not in str(body["items"])
    assert body["items"][0]["values"]["任现职以来主要业绩"] == "主持完成某220kV变电站电气设计。"
    c.force_login(world.applicant)
    body = c.get(f"/api/v1/applications/{world.app.pk}/sections/achievement").json()
    assert body["version"] is None and "正在修改" in str(body["items"])
