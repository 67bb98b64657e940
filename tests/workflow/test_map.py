"""The one map: every step is guarded or deliberately unguarded; which steps are live for each state and
role; a step of a stage that is not built is refused naming its stage."""

import pytest
from django.test import Client

from zhicheng.orgs.roles import Role
from zhicheng.workflow import actions, guards
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import CAMPAIGN_TRANSITIONS, TRANSITIONS, State

from .. import factories as f

# What users can do today, by state and role. A stage that lands adds its lines here.
LIVE = {
    (State.DRAFT, Role.APPLICANT): {"submit", "withdraw"},
    (State.RETURNED, Role.APPLICANT): {"submit", "withdraw"},
    (State.SUBMITTED, Role.UNIT_HR): {"return", "verify", "record_paper_outcome"},
    (State.UNIT_VERIFIED, Role.UNIT_HR): {"return", "finish_scoring", "record_paper_outcome"},
    (State.SCORED, Role.UNIT_HR): {"recommend", "not_recommend", "record_paper_outcome"},
    (State.SCORED, Role.UNIT_LEADER): {"recommend", "not_recommend"},
    # §二(七) publicity (the notice is published for the batch on its own page; start_notice is its step)
    (State.RECOMMENDED, Role.UNIT_HR): {"start_notice", "record_paper_outcome"},
    (State.IN_NOTICE, Role.UNIT_HR): {"investigate", "close_notice", "record_paper_outcome"},
    (State.UNDER_INVESTIGATION, Role.UNIT_HR): {"clear_objection", "return_after_objection",
                                                "withdraw_recommendation"},
    # §二(八) unit_submission: the online batch, and the outcome of a §二 run on paper
    (State.NOTICE_PASSED, Role.UNIT_HR): {"unit_submit", "record_paper_outcome"},
    # §三(二) 网上申报 and §三(三) 网上审核 (office_review.online)
    (State.PREREVIEW_PASSED, Role.APPLICANT): {"online_submit"},
    (State.ONLINE_RETURNED, Role.APPLICANT): {"online_submit"},
    (State.ONLINE_SUBMITTED, Role.OFFICE_REVIEWER): {"online_return", "online_pass"},
    # §三(一) office_review.prereview: the one-time notice, the unit's correction, abandonment after a deadline
    (State.UNIT_SUBMITTED, Role.OFFICE_REVIEWER): {"prereview_return", "prereview_pass"},
    (State.PREREVIEW_RETURNED, Role.UNIT_HR): {"resubmit_prereview"},
    (State.PREREVIEW_RETURNED, Role.OFFICE_REVIEWER): {"abandon"},
    (State.PREREVIEW_PASSED, Role.OFFICE_REVIEWER): {"abandon"},
    (State.ONLINE_RETURNED, Role.OFFICE_REVIEWER): {"abandon"},
    # §三(三) handin: 呈报意见, then 报送 by level (a batch of one from the dossier page, or the 报送 page)
    (State.ONLINE_PASSED, Role.OFFICE_REVIEWER): {"endorse"},
    (State.OFFICE_ENDORSED, Role.OFFICE_REVIEWER): {"forward_to_host", "forward_to_province"},
    # §四(三) committee.vote: the host closes the meeting's secret ballot; each candidate passes or fails by it
    (State.IN_COMMITTEE, Role.COMMITTEE_HOST): {"committee_pass", "committee_fail"},
    # §四(一) committee.spotcheck: the provincial office's spot check, return, abandonment and delegation
    (State.SPOT_CHECK, Role.PROVINCIAL_OFFICE): {"spot_return", "delegate_to_host"},
    (State.SPOT_RETURNED, Role.OFFICE_REVIEWER): {"resubmit_spot"},
    (State.SPOT_RETURNED, Role.PROVINCIAL_OFFICE): {"spot_abandon"},
    # §四(二) committee.host_review: the host accepts or returns (一次性告知), the office resubmits, the job abandons
    (State.HOST_REVIEW, Role.COMMITTEE_HOST): {"host_pass", "host_return"},
    (State.HOST_RETURNED, Role.OFFICE_REVIEWER): {"resubmit_host"},
    (State.HOST_RETURNED, Role.COMMITTEE_HOST): {"host_abandon"},
    # §五 results: the result notice and its objections, 报送, 备案/核准 and refusal, 发文 (by level), 撤销
    (State.PASSED, Role.COMMITTEE_HOST): {"start_result_notice"},
    (State.RESULT_NOTICE, Role.COMMITTEE_HOST): {"cancel_pass", "report_result"},
    (State.RESULT_REFUSED, Role.COMMITTEE_HOST): {"cancel_pass", "re_report_result"},
    (State.RESULT_REPORTED, Role.PROVINCIAL_OFFICE): {"file_result", "approve_result", "refuse_result"},
    (State.RESULT_FILED, Role.COMMITTEE_HOST): {"issue"},
    (State.RESULT_APPROVED, Role.PROVINCIAL_OFFICE): {"issue_approved"},
    (State.ISSUED, Role.PROVINCIAL_OFFICE): {"revoke_title"},
}
# integrity: 查实弄虚作假 from the notice to the committee; its guard says who records it at which stage.
for _state in (State.IN_NOTICE, State.UNDER_INVESTIGATION, State.NOTICE_PASSED, State.UNIT_SUBMITTED,
               State.PREREVIEW_RETURNED, State.PREREVIEW_PASSED, State.ONLINE_SUBMITTED, State.ONLINE_RETURNED, State.ONLINE_PASSED,
               State.OFFICE_ENDORSED, State.SPOT_CHECK, State.SPOT_RETURNED, State.HOST_REVIEW, State.HOST_RETURNED,
               State.IN_COMMITTEE, State.PASSED, State.RESULT_NOTICE, State.RESULT_REPORTED, State.RESULT_REFUSED):
    for _role in (Role.UNIT_HR, Role.OFFICE_REVIEWER, Role.PROVINCIAL_OFFICE, Role.COMMITTEE_HOST):
        LIVE.setdefault((_state, _role), set()).add("disqualify")


def live_actions() -> dict:
    out: dict = {}
    for t in TRANSITIONS.values():
        if not actions.is_built(t):
            continue
        for state in t.sources:
            for role in t.roles:
                out.setdefault((state, role), set()).add(t.action)
    return out


def test_every_transition_names_a_guard_or_is_marked_unguarded():
    for t in [*TRANSITIONS.values(), *CAMPAIGN_TRANSITIONS.values()]:
        assert t.guard, f"{t.action} has neither a guard nor the UNGUARDED mark"
        assert t.app and t.stage, t.action


def test_a_built_transition_has_its_guard_registered():
    for t in [*TRANSITIONS.values(), *CAMPAIGN_TRANSITIONS.values()]:
        if t.app in ("dossier", "campaigns"):
            assert guards.is_registered(t.guard), t.action


def test_live_actions_for_every_state_and_role():
    live = live_actions()
    assert live == LIVE
    for state in State:
        for role in Role:
            assert live.get((state, role), set()) == LIVE.get((state, role), set()), (state, role)


def test_a_step_is_refused_until_its_stage_is_built(world, monkeypatch):
    # §五 is built now: take its step back out, as a stage not yet installed would be.
    monkeypatch.delitem(actions._ACTIONS, "file_result")
    f.submitted(world.app)
    with pytest.raises(TransitionError) as e:
        actions.perform(world.app, "file_result", actor=world.provincial)
    assert e.value.problems == ["“备案（中级、初级）”属于§五(二)环节，该环节功能尚未开放。"]
    world.app.refresh_from_db()
    assert world.app.state == State.SUBMITTED


def test_unknown_action_is_refused(world):
    with pytest.raises(TransitionError, match="未知操作"):
        actions.perform(world.app, "approve_everything", actor=world.hr)


def test_available_offers_only_what_can_be_performed(world):
    assert {t.action for t in actions.available(world.applicant, world.app)} == {"withdraw"}  # incomplete
    f.fill_required(world.app)
    assert {t.action for t in actions.available(world.applicant, world.app)} == {"submit", "withdraw"}
    assert actions.available(world.hr, world.app) == []  # a draft is the applicant's
    actions.perform(world.app, "submit", actor=world.applicant)
    assert [t.action for t in actions.available(world.hr, world.app)] == ["return"]
    for other in (world.other_hr, world.leader, world.office_reviewer, world.provincial, world.applicant2):
        assert actions.available(other, world.app) == []


def test_return_form_errors_name_the_field(world):
    f.fill_required(world.app)
    actions.perform(world.app, "submit", actor=world.applicant)
    with pytest.raises(TransitionError) as e:
        actions.perform(world.app, "return", actor=world.hr, reason="证书不清晰", data={"sections": []})
    assert e.value.fields == {"sections": ["请至少选择一个允许修改的部分。"]}
    with pytest.raises(TransitionError) as e:
        actions.perform(world.app, "return", actor=world.hr, reason="证书不清晰", data={"sections": ["nope"]})
    assert "未知的材料部分：nope" in e.value.problems[0]


def test_ui_buttons_come_from_available_actions(world):
    c = Client()
    c.force_login(world.applicant)
    page = c.get(f"/applications/{world.app.pk}/").content.decode()
    assert 'id="action-withdraw"' in page and 'id="action-submit"' not in page
    f.fill_required(world.app)
    page = c.get(f"/applications/{world.app.pk}/").content.decode()
    assert 'id="action-submit"' in page and "提交后材料将锁定" in page
    actions.perform(world.app, "submit", actor=world.applicant)
    page = c.get(f"/applications/{world.app.pk}/").content.decode()
    assert "action-" not in page and 'id="no-actions"' in page
    c.force_login(world.hr)
    page = c.get(f"/applications/{world.app.pk}/").content.decode()
    assert 'id="action-return"' in page and 'id="action-verify"' not in page


def test_ui_action_view_refuses_a_step_not_built_with_its_message(world, monkeypatch):
    # Every §二 step is built now: take one back out, as a stage not yet installed would be.
    monkeypatch.delitem(actions._ACTIONS, "record_paper_outcome")
    f.fill_required(world.app)
    actions.perform(world.app, "submit", actor=world.applicant)
    c = Client()
    c.force_login(world.hr)
    r = c.get(f"/applications/{world.app.pk}/actions/record_paper_outcome/", follow=True)
    assert "该环节功能尚未开放" in r.content.decode()
    r = c.post(f"/applications/{world.app.pk}/actions/record_paper_outcome/")
    assert r.status_code == 200 and "该环节功能尚未开放" in r.content.decode()
    assert c.get(f"/applications/{world.app.pk}/actions/nope/").status_code == 404


def test_ui_return_through_the_action_view(world):
    f.fill_required(world.app)
    actions.perform(world.app, "submit", actor=world.applicant)
    c = Client()
    c.force_login(world.hr)
    page = c.get(f"/applications/{world.app.pk}/actions/return/").content.decode()
    assert "退回原因（一次性告知全部问题）" in page and 'name="sections"' in page
    r = c.post(f"/applications/{world.app.pk}/actions/return/", {"reason": "", "sections": []})
    body = r.content.decode()
    assert r.status_code == 200 and "请至少选择一个允许修改的部分。" in body
    r = c.post(f"/applications/{world.app.pk}/actions/return/", {"reason": "学历证书模糊", "sections": ["education"]})
    assert r.status_code == 302
    world.app.refresh_from_db()
    assert world.app.state == State.RETURNED and world.app.reopened_sections == ["education"]


def test_a_refused_actor_with_bad_input_is_told_it_may_not_act(world):
    f.fill_required(world.app)
    actions.perform(world.app, "submit", actor=world.applicant)
    with pytest.raises(TransitionError) as e:
        actions.perform(world.app, "return", actor=world.leader, reason="x", data={"sections": []})
    assert e.value.forbidden and e.value.status == 403
