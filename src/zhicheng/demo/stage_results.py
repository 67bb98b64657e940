"""§五 on the applications stage_vote's meetings decided, through the results services only:

* 中级 committee: its notice ran and ended (公示期满), demo_host reports, demo_province files (备案) both, demo_host
  issues the 发文 of one (ISSUED, a certificate); the other stays RESULT_FILED;
* senior committee: one notice ran and ended for all but the last passed: reported, one approved (核准) and
  issued by demo_province (ISSUED, a certificate), one approved and not yet issued (RESULT_APPROVED), one
  refused back to the host (RESULT_REFUSED); a second notice for the last one runs today (RESULT_NOTICE, on
  /gongshi/jieguo/);
* the one who failed asks for a 复查 (open, with the host).

Demo-only, as in stage_recommendation: a notice cannot start before today (start_result_notice), so the ended
ones are published today and their period is then moved back to the latest one of the same working days that
ended before today.

Once a result notice exists the stage leaves everything as it is (one transaction).
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import transaction

from zhicheng.dossier.models import Application
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import Role
from zhicheng.results import appeals, filing, issuance
from zhicheng.results import result_notice as rn
from zhicheng.results.models import Certificate, ResultNotice
from zhicheng.workflow.states import State

from .context import Context
from .data import DEMO_USERNAMES
from .pool import HOST_USER
from .stage_recommendation import ended_period

PROVINCE_USER = DEMO_USERNAMES[Role.PROVINCIAL_OFFICE]
PROVINCE_AUTHORITY = "河北省职称改革领导小组办公室"
REFUSAL = "经核查，申报人论文检索证明与原件不一致，请组建单位核实后重新报送或按规定处理。"
RECHECK = ("本人对评审委员会作出的评审未通过结论有异议：本人任现职以来主持完成的220千伏变电站设计项目获省级"
           "优秀工程设计二等奖，相关证明已随申报材料提交，恳请复查。")


def passed(committee_org) -> list[Application]:
    return list(Application.objects.filter(committee_assignment__committee=committee_org, state=State.PASSED)
                .select_related("applicant").order_by("id"))


def populate(ctx: Context) -> None:
    if ResultNotice.objects.exists():
        return  # published by an earlier run
    middles, seniors = passed(ctx.orgs["committee_mid"]), passed(ctx.orgs["committee"])
    if len(middles) < 2 or len(seniors) < 4:
        return  # the meetings have not been held
    host, province = ctx.users[HOST_USER], ctx.users[PROVINCE_USER]
    year = ctx.today.year
    try:
        with transaction.atomic():
            notice = ended_notice(ctx, ctx.orgs["committee_mid"], middles)
            report = filing.report_results(host, notice)
            filing.decide(province, report, "file_result", application_ids=[a.pk for a in middles])
            issuance.issue_document(host, number=f"冀工程中评〔{year}〕1号", title="",
                                    authority=ctx.orgs["host"].name, issued_on=ctx.today,
                                    application_ids=[middles[-1].pk])
            *ended, running = seniors
            notice = ended_notice(ctx, ctx.orgs["committee"], ended)
            report = filing.report_results(host, notice)
            issued, approved, refused = ended[0], ended[1], ended[2:]
            filing.decide(province, report, "approve_result", application_ids=[issued.pk, approved.pk])
            if refused:
                filing.decide(province, report, "refuse_result", application_ids=[a.pk for a in refused],
                              reason=REFUSAL)
            issuance.issue_document(province, number=f"冀职改〔{year}〕12号", title="",
                                    authority=PROVINCE_AUTHORITY, issued_on=ctx.today,
                                    application_ids=[issued.pk])
            rn.start_result_notice(host, committee=ctx.orgs["committee"], application_ids=[running.pk],
                                   starts_on=ctx.today)
            for app in Application.objects.filter(committee_assignment__committee=ctx.orgs["committee"],
                                                  state=State.FAILED).select_related("applicant"):
                appeals.file_appeal(app.applicant, app, kind="recheck", text=RECHECK)
    except Refusal as exc:
        raise CommandError(f"演示数据（评审结果公示、备案核准和发文）未能建立：{exc}") from exc


def ended_notice(ctx: Context, committee_org, apps: list[Application]) -> ResultNotice:
    notice = rn.start_result_notice(ctx.users[HOST_USER], committee=committee_org,
                                    application_ids=[a.pk for a in apps], starts_on=ctx.today)
    start, end = ended_period(ctx.today, notice.working_days)
    ResultNotice.objects.filter(pk=notice.pk).update(starts_on=start, ends_on=end)  # demo-only (docstring)
    notice.refresh_from_db()
    return notice


def certificate_line() -> str:
    """One certificate a user can look up on /zhengshu/ (number and holder's name)."""
    cert = Certificate.objects.order_by("pk").first()
    if cert is None:
        return ""
    running = rn.running_notices().count()
    return (f"评审结果公示（/gongshi/jieguo/）：公示中 {running}，已结束 {ResultNotice.objects.count() - running}；"
            f"证书查询（/zhengshu/）：证书编号 {cert.number}，姓名 {cert.holder_name}。")

