"""§五's wiring, called once from ResultsConfig.ready(): the result notice's, filing's and 发文's guards,
the handlers of their steps on the dossier page, and the parameter default."""

RESULT_PARAMETERS = {
    "result_notice_working_days": ("评审结果公示最少工作日", 5, "工作日", "种子 §五：评审结果公示不少于5个工作日"),
}


def register() -> None:
    from zhicheng.codes.models import PARAMETER_DEFAULTS
    from zhicheng.workflow import actions, guards

    from . import filing, issuance
    from . import result_notice as rn
    from .forms_flow import RevokeTitleForm

    for key, default in RESULT_PARAMETERS.items():  # get_param's fallback when a row is missing
        PARAMETER_DEFAULTS.setdefault(key, default)

    guards.register("result_notice_ready")(rn.guard_result_notice_ready)
    guards.register("result_objection_founded")(rn.guard_result_objection_founded)
    guards.register("result_notice_over")(rn.guard_result_notice_over)
    guards.register("filing_by_level")(filing.guard_filing_by_level)
    guards.register("approval_by_level")(filing.guard_approval_by_level)
    guards.register("issuer_by_level")(issuance.guard_issuer_by_level)
    guards.register("revocation_recorded")(issuance.guard_revocation_recorded)

    # Batches (the notice, 报送, 发文) have their own pages; one by one they are refused with where to go.
    actions.register("start_result_notice", rn.refuse_single_start)
    actions.register("report_result", lambda app, *, actor, ip, reason, data: _report_one(app, actor, ip))
    actions.register("issue", issuance.refuse_single_issue)
    actions.register("issue_approved", issuance.refuse_single_issue)
    actions.register("cancel_pass", lambda app, *, actor, ip, reason, data: filing.cancel_after_refusal(
        actor, app, reason=reason, ip=ip))
    for action in ("file_result", "approve_result", "refuse_result"):
        actions.register(action, filing._single(action))
    actions.register("re_report_result", _re_report_one)
    actions.register("revoke_title", issuance.revoke_from_dossier, form=RevokeTitleForm)


def _report_one(app, actor, ip):
    from . import filing
    from . import result_notice as rn

    entry = rn.latest_entry(app)
    if entry is None:
        raise rn.ResultFlowRefusal("该申报没有评审结果公示记录。")
    filing.report_results(actor, entry.notice, only=[app.pk], ip=ip)
    app.refresh_from_db()
    return app


def _re_report_one(app, *, actor, ip, reason, data):
    from . import filing

    filing.re_report(actor, [app], explanation=reason, ip=ip)
    return app
