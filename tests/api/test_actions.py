"""One way to act through the API: GET …/actions offers what can be done now, POST …/actions/{action} does it
(through workflow.actions, like the dossier page's buttons); GET …/returns keeps every return."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from zhicheng.audit.models import AuditEvent
from zhicheng.dossier import models as m
from zhicheng.dossier.sections import RETURN_CHOICES
from zhicheng.dossier.services import open_for_correction
from zhicheng.workflow import actions
from zhicheng.workflow.states import TRANSITIONS, State

from .. import factories as f
from .matrix import API, APP_TARGETS, NOT_FOUND, READ, ROLES, act, app_of, check, login, return_to_applicant

# What each user can do now on each target (None: not in scope, 404). §二 onwards is not built yet, so
# 核实通过 is never offered; the owner's complete draft can be submitted or withdrawn.
OFFERED = {
    ("applicant", "own"): {"submit", "withdraw"},
    ("other_applicant", "other"): {"submit", "withdraw"},
    ("hr", "own_sub"): {"return"},
    ("other_hr", "other_sub"): {"return"},
}
OFFER_CASES = [pytest.param(role, target, id=f"{role}-{target}") for role in ROLES for target in APP_TARGETS]


def valid_input(action: dict) -> tuple[str, dict]:
    """A reason if the action needs one, and a valid value for each field the action lists."""
    data = {}
    for field in action["fields"]:
        first = field["choices"][-1]["value"] if field["choices"] else "x"
        data[field["name"]] = [first] if field["kind"] == "multiple_choice" else first
    return ("请补充材料。" if action["needs_reason"] else ""), data


@pytest.mark.parametrize(("role", "target"), OFFER_CASES)
def test_actions_offers_exactly_what_can_be_performed(mw, role, target):
    """Each offered action, performed with valid input, succeeds; nothing else is offered."""
    app = app_of(mw, target)
    client = login(mw, role)
    r = client.get(f"{API}/applications/{app.pk}/actions")
    in_scope = READ[role][APP_TARGETS.index(target)] == 200
    check(r, 200 if in_scope else 404, mw)
    if not in_scope:
        return
    offered = {a["action"]: a for a in r.json()}
    assert set(offered) == OFFERED.get((role, target), set())
    for action in offered.values():
        reason, data = valid_input(action)
        with transaction.atomic():
            done = act(client, app, action["action"], reason, data)
            assert done.status_code == 200, done.content.decode()
            assert done.json()["state"] == action["target"]
            transaction.set_rollback(True)


def test_an_incomplete_dossier_offers_no_submit(mw):
    app = f.application(mw.applicant2, mw.campaign)
    client = login(mw, "applicant2")
    assert [a["action"] for a in client.get(f"{API}/applications/{app.pk}/actions").json()] == ["withdraw"]
    r = act(client, app, "submit")
    assert r.status_code == 422 and len(r.json()["detail"]) > 1  # every missing item at once
    assert m.Application.objects.get(pk=app.pk).state == State.DRAFT


def test_actions_describe_their_input(mw):
    [ret] = login(mw, "hr").get(f"{API}/applications/{mw.sub_app.pk}/actions").json()
    assert {k: ret[k] for k in ("action", "label", "target", "target_label", "stage", "needs_reason")} == {
        "action": "return", "label": "退回修改", "target": "returned", "target_label": "已退回修改",
        "stage": "§二(一)", "needs_reason": True}
    [sections] = ret["fields"]
    assert (sections["name"], sections["kind"], sections["required"]) == ("sections", "multiple_choice", True)
    assert [(c["value"], c["label"]) for c in sections["choices"]] == RETURN_CHOICES
    assert sections["choices"][0] == {"value": "all", "label": "所有信息"}
    submit = {a["action"]: a for a in login(mw, "applicant").get(f"{API}/applications/{mw.app.pk}/actions").json()}
    assert submit["submit"]["confirm"] == TRANSITIONS["submit"].confirm and submit["submit"]["fields"] == []


def test_submit(mw):
    r = act(login(mw, "applicant"), mw.app, "submit")
    assert r.status_code == 200, r.content.decode()
    assert r.json()["state"] == State.SUBMITTED and r.json()["submitted_at"]
    app = m.Application.objects.get(pk=mw.app.pk)
    assert app.state == State.SUBMITTED and app.versions.count() == 1
    assert AuditEvent.objects.filter(action="submit", object_id=str(app.pk), actor=mw.applicant).exists()


def test_return_with_its_data(mw):
    r = act(login(mw, "hr"), mw.sub_app, "return", "论文刊号有误，学历证书模糊。", {"sections": ["publications", "education"]})
    assert r.status_code == 200, r.content.decode()
    assert (r.json()["state"], r.json()["reopened_sections"]) == (State.RETURNED, ["publications", "education"])
    [record] = m.ReturnRecord.objects.filter(application=mw.sub_app)
    assert (record.stage, record.action, record.reason, record.sections, record.created_by) == (
        "§二(一)", "return", "论文刊号有误，学历证书模糊。", ["publications", "education"], mw.hr)


@pytest.mark.parametrize(("reason", "data", "problem", "fields"), [
    ("论文信息不全", {"sections": ["nope"]}, "未知的材料部分：nope", {"sections"}),
    ("论文信息不全", {}, "请至少选择一个允许修改的部分。", {"sections"}),
    ("论文信息不全", {"sections": "publications"}, None, {"sections"}),
    ("", {"sections": ["publications"]}, "执行“退回修改”须填写原因。", set()),
    ("长" * 2001, {"sections": ["publications"]}, "原因不超过2000字。", {"reason"}),
], ids=["unknown-section", "no-section", "not-a-list", "no-reason", "long-reason"])
def test_return_input_is_validated_by_its_form(mw, reason, data, problem, fields):
    r = act(login(mw, "hr"), mw.sub_app, "return", reason, data)
    assert r.status_code == 422, r.content.decode()
    if problem is not None:
        assert r.json()["detail"] == [problem]
    assert set(r.json()["fields"]) == fields
    assert m.Application.objects.get(pk=mw.sub_app.pk).state == State.SUBMITTED
    assert not m.ReturnRecord.objects.filter(application=mw.sub_app).exists()


def test_a_step_of_a_stage_not_built_is_refused_by_name(mw, monkeypatch):
    monkeypatch.delitem(actions._ACTIONS, "record_paper_outcome")  # as if §二(八) were not installed
    r = act(login(mw, "hr"), mw.sub_app, "record_paper_outcome")
    assert r.status_code == 422
    assert r.json()["detail"] == [actions.not_built_message(TRANSITIONS["record_paper_outcome"])]
    assert r.json()["detail"] == ["“登记线下审核推荐结果并上报”属于§二(八)环节，该环节功能尚未开放。"]
    assert m.Application.objects.get(pk=mw.sub_app.pk).state == State.SUBMITTED


@pytest.mark.parametrize("action", ["nope", "Submit", "publish"])
def test_an_unknown_action_is_404(mw, action):
    r = act(login(mw, "hr"), mw.sub_app, action, "x", {"sections": ["all"]})
    assert r.status_code == 404
    assert r.json()["detail"] == [f"没有名为“{action}”的操作。"]


def test_another_units_hr_gets_404_and_the_look_is_audited(mw):
    r = return_to_applicant(login(mw, "other_hr"), mw.sub_app)
    check(r, 404, mw)
    assert r.json()["detail"] == NOT_FOUND
    assert m.Application.objects.get(pk=mw.sub_app.pk).state == State.SUBMITTED
    assert AuditEvent.objects.filter(action="access_denied", object_id=str(mw.sub_app.pk), actor=mw.other_hr,
                                     success=False).exists()


def test_an_empty_body_is_an_action_without_reason_or_data(mw):
    client = login(mw, "applicant")
    assert client.post(f"{API}/applications/{mw.app.pk}/actions/withdraw").status_code == 415  # multipart, not JSON
    r = client.post(f"{API}/applications/{mw.app.pk}/actions/withdraw", content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == State.WITHDRAWN


# --------------------------------------------------------------------------- returns


def test_returns_keep_every_return_and_its_resolution(mw):
    hr, applicant = login(mw, "hr"), login(mw, "applicant")
    assert applicant.get(f"{API}/applications/{mw.sub_app.pk}/returns").json() == []
    assert act(hr, mw.sub_app, "return", "学历证书模糊", {"sections": ["education"]}).status_code == 200
    assert act(applicant, mw.sub_app, "submit").status_code == 200
    assert act(hr, mw.sub_app, "return", "业绩须写明本人角色", {"sections": ["all"]}).status_code == 200
    r = applicant.get(f"{API}/applications/{mw.sub_app.pk}/returns")
    check(r, 200, mw)
    first, second = r.json()
    assert {k: first[k] for k in ("stage", "action", "action_label", "reason", "sections", "created_by",
                                  "resolved_version", "items", "deadline")} == {
        "stage": "§二(一)", "action": "return", "action_label": "退回修改", "reason": "学历证书模糊",
        "sections": ["education"], "created_by": mw.hr.real_name, "resolved_version": 2, "items": [],
        "deadline": None}
    assert first["resolved_at"] is not None
    assert (second["reason"], second["sections"], second["resolved_at"]) == ("业绩须写明本人角色", ["all"], None)
    check(login(mw, "other_hr").get(f"{API}/applications/{mw.sub_app.pk}/returns"), 404, mw)


def test_returns_carry_the_items_and_deadline_of_a_notice_to_correct(mw):
    """Later stages (§三 一次性告知) keep their itemised notices in the same records: served as typed items."""
    open_for_correction(mw.office_reviewer, mw.sub_app, stage="§三(一)", action="prereview_return",
                        reason="材料不全", sections=["education"], deadline=datetime.date(2026, 12, 1),
                        items=[{"section": "education", "reason": "学历证书未盖章"}])
    [notice] = login(mw, "applicant").get(f"{API}/applications/{mw.sub_app.pk}/returns").json()
    assert (notice["stage"], notice["action_label"], notice["deadline"], notice["items"]) == (
        "§三(一)", "预审不通过（一次性告知）", "2026-12-01", [{"section": "education", "reason": "学历证书未盖章"}])
