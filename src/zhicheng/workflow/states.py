"""THE map of the application's life: every state and every transition of the whole process.

Seed stages: §一 申报 → §二 单位审核推荐 → §三 审查上报 → §四 资格审查/评审 → §五 备案发文.
Each transition names the roles allowed to take it (in their data scope) and a guard: the name of a
check registered by the stage app that owns it (see guards.py). `services.transition` is the only
code that changes a state. To add a transition: add a line to TRANSITIONS, register its guard in the
owning app's `ready()`, call `transition(app, "<action>", actor=...)` from the service — never set
`state` anywhere else.
"""

from dataclasses import dataclass, field

from django.db import models

from zhicheng.orgs.roles import Role


class State(models.TextChoices):
    # §一 提出申请
    DRAFT = "draft", "填写中"
    SUBMITTED = "submitted", "待单位审核"
    RETURNED = "returned", "已退回修改"
    # §二 用人单位审核推荐
    UNIT_VERIFIED = "unit_verified", "单位核实通过"
    SCORED = "scored", "已量化赋分"
    RECOMMENDED = "recommended", "拟推荐"
    NOT_RECOMMENDED = "not_recommended", "未推荐"
    IN_NOTICE = "in_notice", "公示中"
    UNDER_INVESTIGATION = "under_investigation", "异议核查中"
    NOTICE_PASSED = "notice_passed", "公示无异议"
    DISQUALIFIED = "disqualified", "查实弄虚作假"
    UNIT_SUBMITTED = "unit_submitted", "单位已推荐上报"
    # §三 审查上报
    PREREVIEW_RETURNED = "prereview_returned", "预审未通过（一次性告知）"
    PREREVIEW_PASSED = "prereview_passed", "预审通过（网上申报中）"
    ONLINE_SUBMITTED = "online_submitted", "网上已申报（待网上审核）"
    ONLINE_RETURNED = "online_returned", "网上审核退回修改"
    ONLINE_PASSED = "online_passed", "网上审核通过（待交卷）"
    OFFICE_ENDORSED = "office_endorsed", "已签署呈报意见（待报送）"
    # §四 资格审查与评审
    SPOT_CHECK = "spot_check", "省职改办抽查"
    SPOT_RETURNED = "spot_returned", "抽查未通过（退回主管部门补正）"
    HOST_REVIEW = "host_review", "评委会组建单位审查"
    HOST_RETURNED = "host_returned", "组建单位审查未通过（退回补正）"
    IN_COMMITTEE = "in_committee", "评审中"
    PASSED = "passed", "评审通过"
    FAILED = "failed", "评审未通过"
    # §五 结果公示、备案核准、发文
    RESULT_NOTICE = "result_notice", "评审结果公示中"
    RESULT_REPORTED = "result_reported", "已报送备案/核准"
    RESULT_REFUSED = "result_refused", "不予备案/核准（退回组建单位）"
    RESULT_FILED = "result_filed", "已备案（中级、初级）"
    RESULT_APPROVED = "result_approved", "已核准（高级）"
    ISSUED = "issued", "已发文"
    REVOKED = "revoked", "职称已撤销"
    # terminal side exits
    WITHDRAWN = "withdrawn", "已撤回"
    ABANDONED = "abandoned", "逾期未补正（视为放弃）"


EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})
# §三: the applicant edits the same dossier again — the online application after the pre-review, and the
# sections a return reopened (预审 or 网上审核). Kept apart from EDITABLE_STATES: §一's drafts and returns
# stay as they are, and each stage's edit predicate says which set it allows.
OFFICE_EDITABLE_STATES = frozenset({State.PREREVIEW_RETURNED, State.PREREVIEW_PASSED, State.ONLINE_RETURNED})

# §四 and §五 outcomes a person may ask to be re-examined (复查) or complain (投诉) about (results.appeals).
APPEALABLE_STATES = frozenset({State.PASSED, State.FAILED, State.RESULT_NOTICE, State.RESULT_REPORTED,
                               State.RESULT_REFUSED, State.RESULT_FILED, State.RESULT_APPROVED, State.ISSUED,
                               State.HOST_RETURNED, State.SPOT_RETURNED})

# Explicit mark for a transition that needs no condition beyond role, scope, state and reason.
UNGUARDED = "—"


@dataclass(frozen=True)
class Transition:
    """One allowed step. `guard` names a check registered by `app` (the stage app that owns the step);
    UNGUARDED says, deliberately, that no check is needed. `app` not installed or no handler
    registered = the stage is not built yet, and the step is refused with a message."""

    action: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    guard: str
    app: str
    needs_reason: bool = False
    stage: str = ""
    confirm: str = ""
    details: dict = field(default_factory=dict, hash=False, compare=False)


def _t(action, label, sources, target, roles, *, guard, app, needs_reason=False, stage="", confirm=""):
    return Transition(action, label, frozenset(sources), target, frozenset(roles), guard, app, needs_reason,
                      stage, confirm)


S, R = State, Role

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        # §一
        _t("submit", "提交单位审核", [S.DRAFT, S.RETURNED], S.SUBMITTED, [R.APPLICANT],
           guard="dossier_complete", app="dossier", stage="§一",
           confirm="提交后材料将锁定，不能再修改。确认提交？"),
        _t("withdraw", "撤回申报", [S.DRAFT, S.RETURNED], S.WITHDRAWN, [R.APPLICANT], guard=UNGUARDED,
           app="dossier", stage="§一", confirm="撤回后本次申报结束，不能恢复。确认撤回？"),
        # §二(一) 核实. Returning needs a reason and the sections to reopen: both checked by its form.
        _t("return", "退回修改", [S.SUBMITTED, S.UNIT_VERIFIED], S.RETURNED, [R.UNIT_HR],
           guard=UNGUARDED, app="dossier", needs_reason=True, stage="§二(一)"),
        _t("verify", "核实通过", [S.SUBMITTED], S.UNIT_VERIFIED, [R.UNIT_HR], guard="verification_complete",
           app="unit_review", stage="§二(一)"),
        # §二(二)–(五) 述职、答辩、评议、量化赋分 (scores are records of the scoring app, not steps)
        _t("finish_scoring", "完成量化赋分", [S.UNIT_VERIFIED], S.SCORED, [R.UNIT_HR],
           guard="scores_complete", app="scoring", stage="§二(五)"),
        # §二(六) 集体研究确定推荐人选: one recorded decision moves the whole ranking sheet (transition_many)
        _t("recommend", "确定为推荐人选", [S.SCORED], S.RECOMMENDED, [R.UNIT_LEADER, R.UNIT_HR],
           guard="collective_decision_recorded", app="scoring", stage="§二(六)"),
        _t("not_recommend", "不予推荐", [S.SCORED], S.NOT_RECOMMENDED, [R.UNIT_LEADER, R.UNIT_HR],
           guard="collective_decision_recorded", app="scoring", stage="§二(六)"),
        # §二(七) 公示, objections (异议) and their findings
        _t("start_notice", "开始公示", [S.RECOMMENDED], S.IN_NOTICE, [R.UNIT_HR], guard="notice_ready",
           app="publicity", stage="§二(七)"),
        _t("investigate", "受理异议并核查", [S.IN_NOTICE], S.UNDER_INVESTIGATION, [R.UNIT_HR],
           guard="objection_open", app="publicity", stage="§二(七)"),
        _t("clear_objection", "异议不成立，恢复公示", [S.UNDER_INVESTIGATION], S.IN_NOTICE, [R.UNIT_HR],
           guard="objection_unfounded", app="publicity", needs_reason=True, stage="§二(七)"),
        _t("return_after_objection", "异议属实，退回更正", [S.UNDER_INVESTIGATION], S.RETURNED, [R.UNIT_HR],
           guard="objection_founded", app="publicity", needs_reason=True, stage="§二(七)"),
        _t("withdraw_recommendation", "异议属实，撤销推荐", [S.UNDER_INVESTIGATION], S.NOT_RECOMMENDED,
           [R.UNIT_HR], guard="objection_founded", app="publicity", needs_reason=True, stage="§二(七)"),
        _t("close_notice", "公示期满无异议", [S.IN_NOTICE], S.NOTICE_PASSED, [R.UNIT_HR],
           guard="notice_period_over", app="publicity", stage="§二(七)"),
        # Fraud (伪造、剽窃) found during the notice or at any later stage: disqualified, 3-year ban (integrity).
        _t("disqualify", "查实弄虚作假", [S.IN_NOTICE, S.UNDER_INVESTIGATION, S.NOTICE_PASSED, S.UNIT_SUBMITTED,
                                       S.PREREVIEW_RETURNED, S.PREREVIEW_PASSED, S.ONLINE_SUBMITTED,
                                       S.ONLINE_RETURNED, S.ONLINE_PASSED, S.OFFICE_ENDORSED, S.SPOT_CHECK, S.SPOT_RETURNED,
                                       S.HOST_REVIEW, S.HOST_RETURNED, S.IN_COMMITTEE, S.PASSED, S.RESULT_NOTICE,
                                       S.RESULT_REPORTED, S.RESULT_REFUSED],
           S.DISQUALIFIED, [R.UNIT_HR, R.OFFICE_REVIEWER, R.PROVINCIAL_OFFICE, R.COMMITTEE_HOST],
           guard="fraud_finding_recorded", app="integrity", needs_reason=True, stage="§二(七)"),
        # §二(八) 单位意见、承诺书、上报 — online, or the outcome of a §二 run on paper recorded afterwards
        _t("unit_submit", "填写单位意见并上报", [S.NOTICE_PASSED], S.UNIT_SUBMITTED, [R.UNIT_HR],
           guard="unit_opinion_and_pledge", app="unit_submission", stage="§二(八)"),
        _t("record_paper_outcome", "登记线下审核推荐结果并上报",
           [S.SUBMITTED, S.UNIT_VERIFIED, S.SCORED, S.RECOMMENDED, S.IN_NOTICE, S.NOTICE_PASSED],
           S.UNIT_SUBMITTED, [R.UNIT_HR], guard="paper_outcome_recorded", app="unit_submission",
           stage="§二(八)"),
        # §三(一) 资格预审. A failed pre-review is one notice listing every reason (一次性告知) with a correction
        # deadline; the unit corrects and sends it again (after a new notice of the changed material if it was
        # published in the unit's notice); not corrected in time → abandoned by the scheduled job.
        _t("prereview_return", "预审不通过（一次性告知）", [S.UNIT_SUBMITTED], S.PREREVIEW_RETURNED,
           [R.OFFICE_REVIEWER], guard="prereview_reasons_listed", app="office_review", needs_reason=True,
           stage="§三(一)"),
        _t("resubmit_prereview", "补正后重新报送", [S.PREREVIEW_RETURNED], S.UNIT_SUBMITTED, [R.UNIT_HR],
           guard="correction_deadline_not_passed", app="office_review", stage="§三(一)"),
        _t("prereview_pass", "预审通过", [S.UNIT_SUBMITTED], S.PREREVIEW_PASSED, [R.OFFICE_REVIEWER],
           guard="eligibility_checked", app="office_review", stage="§三(一)"),
        # 逾期未补正 / 逾期未网上申报: taken by the scheduled job (as the office), never silently.
        _t("abandon", "逾期视为放弃", [S.PREREVIEW_RETURNED, S.PREREVIEW_PASSED, S.ONLINE_RETURNED], S.ABANDONED,
           [R.OFFICE_REVIEWER], guard="deadline_passed", app="office_review", stage="§三"),
        # §三(二) 网上申报: the same dossier, open again, locked on submission
        _t("online_submit", "网上申报提交", [S.PREREVIEW_PASSED, S.ONLINE_RETURNED], S.ONLINE_SUBMITTED,
           [R.APPLICANT], guard="online_application_complete", app="office_review", stage="§三(二)",
           confirm="提交后网上申报材料将锁定，任何人不能再修改（只能由主管部门退回）。确认提交？"),
        # §三(三) 交卷审查: 网上审核, then paper dossier and fee (records, not steps), 呈报意见, 报送
        _t("online_return", "网上审核退回（一次性告知）", [S.ONLINE_SUBMITTED], S.ONLINE_RETURNED,
           [R.OFFICE_REVIEWER], guard="online_return_listed", app="office_review", needs_reason=True,
           stage="§三(三)"),
        _t("online_pass", "网上审核通过", [S.ONLINE_SUBMITTED], S.ONLINE_PASSED, [R.OFFICE_REVIEWER],
           guard="online_review_passable", app="office_review", stage="§三(三)"),
        _t("endorse", "签署呈报意见", [S.ONLINE_PASSED], S.OFFICE_ENDORSED, [R.OFFICE_REVIEWER],
           guard="endorsement_ready", app="office_review", stage="§三(三)"),
        # 报送 by level, as a batch with its transfer list: 中级/初级 to the committee host of the routing table,
        # 高级 to the provincial office for its spot check (§四).
        _t("forward_to_host", "报送评委会组建单位（中级、初级）", [S.OFFICE_ENDORSED], S.HOST_REVIEW,
           [R.OFFICE_REVIEWER], guard="routed_to_host", app="office_review", stage="§三(三)"),
        _t("forward_to_province", "报送省职改办（高级）", [S.OFFICE_ENDORSED], S.SPOT_CHECK,
           [R.OFFICE_REVIEWER], guard="routed_to_province", app="office_review", stage="§三(三)"),
        # §四(一) 高级: the provincial office's spot check (抽查) of each batch — a sample drawn reproducibly; a
        # problem goes back to the office with a one-time notice and a deadline; then the batch is delegated
        # (委托) to the committee host of its route. Not corrected in time → abandoned by the daily job.
        _t("spot_return", "抽查未通过，退回主管部门（一次性告知）", [S.SPOT_CHECK], S.SPOT_RETURNED,
           [R.PROVINCIAL_OFFICE], guard="spot_findings_listed", app="committee", needs_reason=True, stage="§四(一)"),
        _t("resubmit_spot", "补正后重新报送省职改办", [S.SPOT_RETURNED], S.SPOT_CHECK, [R.OFFICE_REVIEWER],
           guard="spot_deadline_not_passed", app="committee", stage="§四(一)"),
        _t("spot_abandon", "逾期未补正，视为放弃", [S.SPOT_RETURNED], S.ABANDONED, [R.PROVINCIAL_OFFICE],
           guard="spot_deadline_passed", app="committee", stage="§四(一)"),
        _t("delegate_to_host", "委托评委会组建单位", [S.SPOT_CHECK], S.HOST_REVIEW,
           [R.PROVINCIAL_OFFICE], guard="spot_check_done", app="committee", stage="§四(一)"),
        # §四(二) the committee host's qualification review: accept, or every reason at once back to the office
        # with a deadline; a corrected application comes back; not corrected in time → abandoned.
        _t("host_return", "资格审查不通过，退回主管部门（一次性告知）", [S.HOST_REVIEW], S.HOST_RETURNED,
           [R.COMMITTEE_HOST], guard="host_reasons_listed", app="committee", needs_reason=True, stage="§四(二)"),
        _t("resubmit_host", "补正后重新报送组建单位", [S.HOST_RETURNED], S.HOST_REVIEW, [R.OFFICE_REVIEWER],
           guard="host_deadline_not_passed", app="committee", stage="§四(二)"),
        _t("host_abandon", "逾期未补正，视为放弃", [S.HOST_RETURNED], S.ABANDONED, [R.COMMITTEE_HOST],
           guard="host_deadline_passed", app="committee", stage="§四(二)"),
        _t("host_pass", "资格审查通过，提交评审委员会", [S.HOST_REVIEW], S.IN_COMMITTEE, [R.COMMITTEE_HOST],
           guard="qualification_reviewed", app="committee", stage="§四(二)"),
        # §四(三) the meeting's secret ballot decides; the host closes the vote and the results follow it.
        _t("committee_pass", "评审通过", [S.IN_COMMITTEE], S.PASSED, [R.COMMITTEE_HOST],
           guard="vote_passed", app="committee", stage="§四(三)"),
        _t("committee_fail", "评审未通过", [S.IN_COMMITTEE], S.FAILED, [R.COMMITTEE_HOST],
           guard="vote_failed", app="committee", stage="§四(三)"),
        # §五 结果公示 (at least notice_working_days, objections as in the unit stage), then 备案 (中级、初级) or
        # 核准 (高级) by the provincial office — refusable with reasons back to the host — then 发文.
        _t("start_result_notice", "公示评审结果", [S.PASSED], S.RESULT_NOTICE, [R.COMMITTEE_HOST],
           guard="result_notice_ready", app="results", stage="§五(一)"),
        _t("cancel_pass", "异议属实，取消评审通过", [S.RESULT_NOTICE, S.RESULT_REFUSED], S.FAILED,
           [R.COMMITTEE_HOST], guard="result_objection_founded", app="results", needs_reason=True, stage="§五(一)"),
        _t("report_result", "公示期满，报送备案/核准", [S.RESULT_NOTICE], S.RESULT_REPORTED, [R.COMMITTEE_HOST],
           guard="result_notice_over", app="results", stage="§五(一)"),
        _t("file_result", "备案（中级、初级）", [S.RESULT_REPORTED], S.RESULT_FILED, [R.PROVINCIAL_OFFICE],
           guard="filing_by_level", app="results", stage="§五(二)"),
        _t("approve_result", "核准（高级）", [S.RESULT_REPORTED], S.RESULT_APPROVED, [R.PROVINCIAL_OFFICE],
           guard="approval_by_level", app="results", stage="§五(二)"),
        _t("refuse_result", "不予备案/核准，退回组建单位", [S.RESULT_REPORTED], S.RESULT_REFUSED,
           [R.PROVINCIAL_OFFICE], guard=UNGUARDED, app="results", needs_reason=True, stage="§五(二)"),
        _t("re_report_result", "整改后重新报送备案/核准", [S.RESULT_REFUSED], S.RESULT_REPORTED, [R.COMMITTEE_HOST],
           guard=UNGUARDED, app="results", needs_reason=True, stage="§五(二)"),
        # 发文: the host for 中级/初级 (after 备案), the provincial office for 高级 (after 核准); one document (文号)
        # moves its whole list and issues the certificates (two steps, so each issuer's 待办 shows only its own).
        _t("issue", "发文（中级、初级）", [S.RESULT_FILED], S.ISSUED, [R.COMMITTEE_HOST],
           guard="issuer_by_level", app="results", stage="§五(三)"),
        _t("issue_approved", "发文（高级）", [S.RESULT_APPROVED], S.ISSUED, [R.PROVINCIAL_OFFICE],
           guard="issuer_by_level", app="results", stage="§五(三)"),
        # 撤销 after fraud found later: the certificate shows as revoked and a ban_years ban starts.
        _t("revoke_title", "撤销职称", [S.ISSUED], S.REVOKED, [R.PROVINCIAL_OFFICE],
           guard="revocation_recorded", app="results", needs_reason=True, stage="§五(四)"),
    ]
}


def available_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources]


def reachable_from(state: str) -> frozenset[str]:
    """The state itself and every state the map can lead to from it."""
    seen, todo = {state}, [state]
    while todo:
        for t in available_from(todo.pop()):
            if t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    return frozenset(seen)


# §二(八): the office (and the province above it) sees an application from the moment the unit submits it
# upward; what happens inside the unit before that is the unit's business.
UPWARD_STATES = reachable_from(State.UNIT_SUBMITTED)


# ---------------------------------------------------------------- the campaign's own lifecycle
class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "未发布"
    OPEN = "open", "已发布（申报中）"
    CLOSED = "closed", "已结束"


CAMPAIGN_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t("publish", "发布", [CampaignStatus.DRAFT], CampaignStatus.OPEN, [R.UNIT_HR],
           guard="campaign_publishable", app="campaigns", stage="部署",
           confirm="发布后本单位人员即可看到并开始申报。确认发布？"),
        _t("close", "结束本年度申报", [CampaignStatus.OPEN], CampaignStatus.CLOSED, [R.UNIT_HR],
           guard="campaign_closable", app="campaigns", stage="部署",
           confirm="结束后不能再开始新的申报。确认结束？"),
    ]
}

# Which map governs which model (by app label.model name), so one transition() serves both lifecycles.
MACHINES = {
    "dossier.application": (State, TRANSITIONS, "state"),
    "campaigns.campaign": (CampaignStatus, CAMPAIGN_TRANSITIONS, "status"),
}
