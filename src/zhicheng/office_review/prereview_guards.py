"""The guards of §三(一) 资格预审 and `register()`, which gives the map its guards and actions (services in
`prereview`, the abandonment in `prereview_jobs`). On the dossier page (`details["page"]`)
they answer from what the page has read and offer a step whose full check would need the material: the step
itself runs every check."""

import datetime

from django.utils import timezone

from zhicheng.dossier import sections as sec
from zhicheng.dossier.services import fingerprint, snapshot
from zhicheng.workdays.formats import cn_date

from . import prereview
from .prereview import (
    NO_REASONS,
    _section_part,
    deadline_of,
    is_paper,
    needs_renotice,
    open_return,
    paper_pass_elsewhere,
)


def guard_reasons_listed(application, actor, details) -> list[str]:
    """The notice lists its reasons (`items`, passed by `prereview_return`). Without `items` (the buttons asking
    what may be done) the step is offered: its form collects them."""
    if "items" not in details:
        return []
    items = details["items"]
    if not items:
        return [NO_REASONS]
    if any(not i.get("sections") for i in items):
        return ["每条原因须选择所涉及的材料部分。"]
    return []


def guard_correction_deadline(application, actor, details) -> list[str]:
    today = timezone.localdate()
    rec = open_return(application, details.get("returns"))
    if rec is None:
        return ["未找到预审不通过的告知记录。"]
    if rec.deadline and rec.deadline < today:
        return [f"补正期限（{cn_date(rec.deadline)}）已过，视为放弃，不能重新报送。"]
    # The dossier page offers the step within the deadline; the step itself compares the material.
    if details.get("page") or is_paper(application):
        return []
    snap = snapshot(application)
    notice = getattr(rec, "prereview_notice", None)
    v = (application.versions.filter(number=notice.version_number).first()
         if notice and notice.version_number else None)
    problems = []
    if v is not None and all(_section_part(v.snapshot, s) == _section_part(snap, s)
                             for s in (rec.sections if sec.ALL not in rec.sections else [s.key for s in sec.SECTIONS])):
        problems.append("告知须补正的材料尚未修改，请补正后再重新报送。")
    if needs_renotice(application, fingerprint(snap)):
        problems.append("补正后的材料与单位公示的内容不一致：变动的材料须重新公示（补充公示），"
                        "请登记补充公示的日期和扫描件后再重新报送。")
    return problems


def guard_eligibility_checked(application, actor, details) -> list[str]:
    facts = details.get("dossier_facts")
    if is_paper(application, facts):  # the paper dossier: the engine has no online material to read
        # Only the pre-review page and its API endpoint show the one-time password: the generic buttons don't.
        return [] if details.get("password_handover") else [paper_pass_elsewhere(application)]
    if details.get("page"):  # the dossier page offers the step; the step runs the engine (a failure needs a reason)
        return []
    failed = prereview.eligibility_report(application).failed  # looked up at call time (tests fix it)
    if failed and not (details.get("justification") or "").strip():
        names = "、".join(r.label for r in failed)
        return [f"申报条件核对未通过：{names}。如确认符合条件（如经核实的破格情形），请填写通过理由。"]
    return []


def guard_deadline_passed(application, actor, details) -> list[str]:
    if details.get("page"):  # the scheduled job's step (abandon_overdue), not a button of the dossier page
        return ["逾期视为放弃由系统定时任务在期限届满次日办理。"]
    today = datetime.date.fromisoformat(details["today"]) if details.get("today") else timezone.localdate()
    d = deadline_of(application, details.get("returns"))
    if d is None:
        return ["尚无期限，不能视为放弃。"]
    if not d < today:
        return [f"期限为{cn_date(d)}，尚未逾期，不能视为放弃。"]
    return []


def register():
    from zhicheng.workflow import actions, guards

    from . import prereview_jobs
    from .prereview_forms import PassForm, ReturnForm

    guards.register("prereview_reasons_listed")(guard_reasons_listed)
    guards.register("correction_deadline_not_passed")(guard_correction_deadline)
    guards.register("eligibility_checked")(guard_eligibility_checked)
    guards.register("deadline_passed")(guard_deadline_passed)
    actions.register("prereview_return", prereview.return_handler, form=ReturnForm)
    actions.register("prereview_pass", prereview.pass_handler, form=PassForm)
    actions.register("resubmit_prereview", lambda app, *, actor, ip, reason, data: prereview.resubmit_prereview(
        actor, app, ip=ip))
    actions.register("abandon", lambda app, *, actor, ip, reason, data: prereview_jobs.abandon(actor, app, ip=ip))
