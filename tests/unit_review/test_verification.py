"""§二(一) 材料核实: marks per item, the guard of 核实通过, the return listing every problem, bans."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.dossier import models as m
from zhicheng.integrity.models import Ban
from zhicheng.unit_review import services
from zhicheng.unit_review.models import VerificationMark
from zhicheng.workflow import actions
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from .. import factories as f


def verify_all(app, hr, *, skip=()):
    _v, items, _m = services.checklist(app)
    services.set_marks(hr, app, [{"section": i.section, "item_id": i.item_id, "status": "verified"}
                                 for i in items if i.key not in skip])
    return items


def test_items_are_every_entry_single_sections_whole_and_every_attachment(dossier):
    _v, items, _m = services.checklist(dossier)
    keys = [i.key for i in items]
    edu = m.Education.objects.get(application=dossier)
    atts = list(m.Attachment.objects.filter(application=dossier).order_by("id"))
    assert ("basic", None) in keys and ("current_title", None) in keys and ("summary", None) in keys
    assert ("education", edu.pk) in keys
    assert len([k for k in keys if k[0] == "assessments"]) == 5  # item by item
    assert [k for k in keys if k[0] == "attachments"] == [("attachments", a.pk) for a in atts]
    assert ("projects", None) not in keys  # an empty optional section has nothing to check


def test_a_mark_is_recorded_with_checker_date_version_and_audited(dossier, world):
    services.set_mark(world.hr, dossier, section="basic", item_id=None, status="verified")
    mark = VerificationMark.objects.get(application=dossier)
    assert (mark.section, mark.item_id, mark.status, mark.version) == ("basic", None, "verified", 1)
    assert mark.checked_by == world.hr and mark.checked_on == timezone.localdate()
    event = AuditEvent.objects.filter(action="verification_mark").latest("id")
    assert event.details["marks"] == [{"section": "basic", "item": None, "status": "verified", "note": ""}]
    # the same item again replaces the mark; a problem needs its note
    edu = m.Education.objects.get(application=dossier)
    services.set_mark(world.hr, dossier, section="education", item_id=edu.pk, status="problem", note="证书编号不符")
    services.set_mark(world.hr, dossier, section="education", item_id=edu.pk, status="verified")
    assert VerificationMark.objects.filter(application=dossier).count() == 2
    services.set_mark(world.hr, dossier, section="education", item_id=edu.pk, status="")
    assert VerificationMark.objects.filter(application=dossier).count() == 1


def test_bad_marks_are_refused_all_at_once_and_nothing_is_kept(dossier, world):
    edu = m.Education.objects.get(application=dossier)
    with pytest.raises(services.VerificationError) as e:
        services.set_marks(world.hr, dossier, [
            {"section": "basic", "item_id": None, "status": "verified"},
            {"section": "education", "item_id": edu.pk, "status": "problem", "note": "  "},
            {"section": "education", "item_id": 999999, "status": "verified"},
            {"section": "basic", "item_id": None, "status": "maybe"},
            {"section": "work", "item_id": None, "status": "problem", "note": "长" * 501},
        ])
    assert e.value.status == 422
    assert any("请填写问题说明" in p for p in e.value.problems)
    assert any("不是本次提交版本中的材料条目" in p for p in e.value.problems)
    assert any("核实结果无效" in p for p in e.value.problems)
    assert not VerificationMark.objects.exists()


def test_only_a_submitted_dossier_is_marked_and_only_by_its_units_hr(dossier, world):
    for who in (world.other_hr, world.leader, world.applicant, world.office_reviewer):
        with pytest.raises(services.VerificationError) as e:
            services.set_mark(who, dossier, section="basic", item_id=None, status="verified")
        assert e.value.forbidden
    f.returned(dossier, world.hr)
    with pytest.raises(services.VerificationError) as e:
        services.set_mark(world.hr, dossier, section="basic", item_id=None, status="verified")
    assert e.value.status == 409 and "只有待单位审核的申报可以核实" in e.value.problems[0]


def test_one_unmarked_item_blocks_verify(dossier, world):
    items = verify_all(dossier, world.hr, skip={("basic", None)})
    assert len(items) > 10
    assert "verify" not in {t.action for t in actions.available(world.hr, dossier)}
    with pytest.raises(TransitionError) as e:
        actions.perform(dossier, "verify", actor=world.hr)
    assert e.value.problems == ["尚有1项材料未核实：基本信息。"]
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED


def test_one_problem_blocks_verify(dossier, world):
    verify_all(dossier, world.hr)
    att = m.Attachment.objects.filter(application=dossier, section="achievement").get()
    services.set_mark(world.hr, dossier, section="attachments", item_id=att.pk, status="problem", note="未加盖公章")
    with pytest.raises(TransitionError) as e:
        actions.perform(dossier, "verify", actor=world.hr)
    assert len(e.value.problems) == 1 and "有1项材料存在问题" in e.value.problems[0]
    assert "附件：业绩证明" in e.value.problems[0]


def test_all_verified_passes_and_the_step_is_audited(dossier, world):
    verify_all(dossier, world.hr)
    assert "verify" in {t.action for t in actions.available(world.hr, dossier)}
    actions.perform(dossier, "verify", actor=world.hr, ip="10.0.0.1")
    dossier.refresh_from_db()
    assert dossier.state == State.UNIT_VERIFIED
    event = AuditEvent.objects.filter(action="verify").latest("id")
    assert (event.from_state, event.to_state, event.actor_id) == (State.SUBMITTED, State.UNIT_VERIFIED, world.hr.pk)


def test_a_banned_person_cannot_be_verified_until_the_ban_ends(dossier, world):
    verify_all(dossier, world.hr)
    today = timezone.localdate()
    Ban.objects.create(id_number=dossier.applicant.id_number, person_name=dossier.applicant.real_name,
                       starts_on=today - datetime.timedelta(days=30), ends_on=today + datetime.timedelta(days=1),
                       authority="河北电力设计院", reason="论文剽窃", recorded_by=world.hr)
    with pytest.raises(TransitionError) as e:
        actions.perform(dossier, "verify", actor=world.hr)
    assert "禁申期" in e.value.problems[0]
    with time_machine.travel(timezone.localtime() + datetime.timedelta(days=1)):  # the day the ban ends
        actions.perform(dossier, "verify", actor=world.hr)
    dossier.refresh_from_db()
    assert dossier.state == State.UNIT_VERIFIED


def test_return_lists_every_problem_with_its_sections_and_keeps_the_items(dossier, world, client):
    edu = m.Education.objects.get(application=dossier)
    att = m.Attachment.objects.filter(application=dossier, section="achievement").get()
    services.set_marks(world.hr, dossier, [
        {"section": "basic", "item_id": None, "status": "problem", "note": "参加工作时间与档案不符"},
        {"section": "education", "item_id": edu.pk, "status": "problem", "note": "毕业证书编号不符"},
        {"section": "attachments", "item_id": att.pk, "status": "problem", "note": "未加盖公章"},
        {"section": "current_title", "item_id": None, "status": "verified"},
    ])
    client.force_login(world.hr)
    page = client.get(f"/applications/{dossier.pk}/actions/return/").content.decode()
    for text in ("1. 基本信息：参加工作时间与档案不符", "毕业证书编号不符", "未加盖公章"):
        assert text in page
    for key in ("basic", "education", "attachments"):
        assert f'value="{key}" id="id_sections_' in page and _checked(page, key)
    assert not _checked(page, "work")
    reason = "经核实，以下问题请一并修改：参加工作时间、毕业证书编号、业绩证明公章"  # HR edits before sending
    r = client.post(f"/applications/{dossier.pk}/actions/return/",
                    {"reason": reason, "sections": ["basic", "education", "attachments"]})
    assert r.status_code == 302
    record = m.ReturnRecord.objects.get(application=dossier)
    assert record.reason == reason and record.sections == ["basic", "education", "attachments"]
    assert [(i["section"], i["reason"].split("：")[-1]) for i in record.items] == [
        ("basic", "参加工作时间与档案不符"), ("education", "毕业证书编号不符"), ("attachments", "未加盖公章")]
    assert record.items[1]["item_id"] == edu.pk


def _checked(page: str, key: str) -> bool:
    import re

    tag = re.search(rf'<input[^>]*value="{key}"[^>]*>', page).group(0)
    return "checked" in tag


def test_a_new_version_checks_again_only_what_changed(dossier, world):
    verify_all(dossier, world.hr)
    edu = m.Education.objects.get(application=dossier)
    basic_problem = {"section": "basic", "item_id": None, "status": "problem", "note": "与档案不符"}
    f.returned(dossier, world.hr, sections=["education", "basic"])
    from zhicheng.dossier import services as dossier_services

    dossier_services.save_item(world.applicant, dossier, "education", {
        "school": "河北工业大学", "major": "电气工程", "education_level": edu.education_level_id, "degree": "bachelor",
        "start_date": "2004-09-01", "end_date": "2008-07-01", "certificate_no": "130001"}, item_id=edu.pk)
    f.submitted(dossier, fill=False)
    version, items, marks = services.checklist(dossier)
    assert version.number == 2
    unmarked = [i.key for i in items if i.key not in marks]
    assert unmarked == [("education", edu.pk)]  # only the changed item is checked again
    assert all(marks[i.key].carried_from == 1 for i in items if i.key in marks)
    with pytest.raises(TransitionError):
        actions.perform(dossier, "verify", actor=world.hr)
    # a carried mark can be replaced by a problem on the new version
    services.set_marks(world.hr, dossier, [basic_problem])
    assert VerificationMark.objects.get(application=dossier, version=2, section="basic").status == "problem"
    services.set_marks(world.hr, dossier, [{**basic_problem, "status": "verified"},
                                           {"section": "education", "item_id": edu.pk, "status": "verified"}])
    actions.perform(dossier, "verify", actor=world.hr)
    dossier.refresh_from_db()
    assert dossier.state == State.UNIT_VERIFIED


def test_a_problem_is_never_carried_over(dossier, world):
    verify_all(dossier, world.hr)
    services.set_mark(world.hr, dossier, section="basic", item_id=None, status="problem", note="与档案不符")
    f.returned(dossier, world.hr, sections=["work"])
    f.submitted(dossier, fill=False)
    _v, items, marks = services.checklist(dossier)
    assert ("basic", None) not in marks and len(marks) == len(items) - 1


def test_a_long_list_of_problems_is_cut_to_one_reason_but_every_item_is_kept(dossier, world):
    from zhicheng.dossier import returns
    from zhicheng.workflow.services import REASON_MAX_CHARS

    _v, items, _m = services.checklist(dossier)
    services.set_marks(world.hr, dossier, [{"section": i.section, "item_id": i.item_id, "status": "problem",
                                            "note": "与原件不一致" * 40} for i in items])
    preset = returns.initial(dossier)
    assert len(preset["reason"]) <= REASON_MAX_CHARS and f"共{len(items)}个问题" in preset["reason"]
    f.returned(dossier, world.hr, sections=preset["sections"], reason=preset["reason"])
    assert len(m.ReturnRecord.objects.get(application=dossier).items) == len(items)


def _offered_on_the_page(app, hr) -> bool:
    """What the dossier page decides: the guard with the page's facts (it may answer without the marks)."""
    from zhicheng.dossier import services as dossier_services

    app = m.Application.objects.get(pk=app.pk)
    facts = dossier_services.dossier_facts(app)
    return "verify" in {t.action for t in actions.available(hr, app, {"dossier_facts": facts})}


def _offered_by_the_full_check(app, hr) -> bool:
    app = m.Application.objects.get(pk=app.pk)
    return not services.completeness_problems(app) and "verify" in {t.action for t in actions.available(hr, app)}


def test_the_pages_quick_answer_for_the_verify_button_agrees_with_the_full_check(dossier, world):
    """Issue 7: the overview decides from its facts when the step is certainly refused (no mark that can
    cover an item, or a problem on the latest version); in every state it offers the button exactly when
    the full check passes."""
    def agree(expected: bool) -> None:
        assert _offered_on_the_page(dossier, world.hr) is expected
        assert _offered_by_the_full_check(dossier, world.hr) is expected

    agree(False)  # nothing marked yet
    items = verify_all(dossier, world.hr, skip={("basic", None)})
    agree(False)  # one item left
    services.set_mark(world.hr, dossier, section="basic", item_id=None, status="problem", note="与档案不符")
    agree(False)  # a problem
    services.set_mark(world.hr, dossier, section="basic", item_id=None, status="verified")
    agree(True)
    today = timezone.localdate()
    ban = Ban.objects.create(id_number=dossier.applicant.id_number, person_name=dossier.applicant.real_name,
                             starts_on=today - datetime.timedelta(days=30), ends_on=today + datetime.timedelta(days=1),
                             authority="河北电力设计院", reason="论文剽窃", recorded_by=world.hr)
    agree(False)  # a ban
    ban.delete()
    f.returned(dossier, world.hr, sections=["work"])
    f.submitted(dossier, fill=False)
    agree(True)  # nothing changed: every mark carried over from version 1
    assert len(items) > 1 and not VerificationMark.objects.filter(application=dossier, version=2).exists()
    services.set_mark(world.hr, dossier, section="basic", item_id=None, status="problem", note="与档案不符")
    agree(False)  # a problem on the new version replaces the carried mark
