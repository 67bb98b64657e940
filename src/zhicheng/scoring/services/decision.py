"""§二(六) the quota (推荐名额) and the leadership's collective decision (集体研究确定), which moves the whole
ranking sheet at once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.campaigns.models import Campaign
from zhicheng.codes.models import Series
from zhicheng.dossier.models import Application
from zhicheng.orgs.roles import Role
from zhicheng.workflow.services import transition_many
from zhicheng.workflow.states import State

from ..models import CollectiveDecision, DecisionEntry, Quota
from .access import ScoringError, require_decider, require_hr
from .ranking import Row, ranking_sheet


# ---------------------------------------------------------------- quota and decision
@transaction.atomic
def set_quota(actor, campaign: Campaign, series: Series, level: str, count, *, ip=None) -> Quota:
    a = require_hr(actor, campaign)
    try:
        count = int(str(count).strip())
    except ValueError:
        raise ScoringError("推荐名额须为整数。", {"count": ["推荐名额须为整数。"]}) from None
    if count < 0 or count > 10000:
        raise ScoringError("推荐名额须为0或正整数。", {"count": ["推荐名额须为0或正整数。"]})
    if CollectiveDecision.objects.filter(campaign=campaign, series=series, level=level).exists():
        raise ScoringError("已记录集体研究决定，推荐名额不能再修改。")
    quota, _ = Quota.objects.update_or_create(campaign=campaign, series=series, level=level,
                                              defaults={"count": count, "set_by": actor})
    record("scoring_quota", actor=actor, obj=quota, role=a.role, organization=a.organization, ip=ip,
           details={"series": series.name, "level": level, "count": count})
    return quota


def departures(rows: list[Row], recommended: set[int]) -> list[Row]:
    """Recommended rows ranked below someone not recommended (out of ranking order)."""
    out = []
    for r in rows:
        if r.app.pk in recommended and any(o.rank < r.rank and o.app.pk not in recommended for o in rows):
            out.append(r)
    return out


def record_decision(actor, campaign: Campaign, series: Series, level: str, *, meeting_date, leaders, decision: str,
                    minutes: str = "", minutes_upload=None, recommended: set[int], reasons: dict[int, str],
                    ip=None) -> CollectiveDecision:
    """集体研究确定: record the leadership meeting and move the whole ranking sheet at once."""
    from zhicheng.files.services import UploadError, check_upload, kept_only_if_committed, store

    role_a = require_decider(actor, campaign)
    with kept_only_if_committed() as keep, transaction.atomic():
        sheet = ranking_sheet(campaign, series, level)
        rows = [r for r in sheet.rows if r.app.state == State.SCORED]
        problems, fields = [], {}
        if sheet.decision:
            raise ScoringError("该排名表已记录集体研究决定。")
        if not rows or any(r.app.state != State.SCORED for r in sheet.rows):
            raise ScoringError("排名表中须全部申报人员均已完成量化赋分，方可集体研究确定。")
        pending = Application.objects.filter(campaign=campaign, series=series, level=level,
                                             state__in=[State.SUBMITTED, State.UNIT_VERIFIED]).count()
        if pending:
            problems.append(f"该系列和级别尚有{pending}人未完成审核或量化赋分，完成后方可集体研究确定。")
        if sheet.quota is None:
            problems.append("请先由单位人事设定该系列和级别的推荐名额。")
        ids = {r.app.pk for r in rows}
        unknown = set(recommended) - ids
        if unknown:
            problems.append("推荐名单中有不在排名表中的人员。")
        if sheet.quota is not None and len(recommended) > sheet.quota.count:
            problems.append(f"推荐人数{len(recommended)}人，超过推荐名额{sheet.quota.count}人。")
        if not meeting_date:
            fields["meeting_date"] = ["请填写会议日期。"]
        elif meeting_date > timezone.localdate():
            fields["meeting_date"] = ["会议日期不能晚于今天。"]
        leaders = list(leaders)
        leader_ids = set(campaign.unit.role_assignments.filter(role=Role.UNIT_LEADER).values_list("user_id", flat=True))
        if not leaders:
            fields["leaders"] = ["请选择出席会议的单位领导。"]
        elif any(u.pk not in leader_ids for u in leaders):
            fields["leaders"] = ["出席领导须为本单位领导。"]
        decision = (decision or "").strip()
        if not decision:
            fields["decision"] = ["请填写研究决定。"]
        minutes = (minutes or "").strip()
        if not minutes and minutes_upload is None:
            fields["minutes"] = ["请填写会议纪要或上传会议纪要扫描件。"]
        missing = [r for r in departures(rows, recommended) if not (reasons.get(r.app.pk) or "").strip()]
        for r in missing:
            problems.append(f"{r.app.applicant.real_name}（排名第{r.rank}）未按排名顺序确定为推荐人选，须填写理由。")
            fields[f"reason_{r.app.pk}"] = ["请填写未按排名顺序推荐的理由。"]
        stored = None
        if minutes_upload is not None and not fields and not problems:
            try:
                kind = check_upload(minutes_upload).kind
            except UploadError as e:
                fields["minutes_file"] = e.problems
            else:
                stored = keep(store(minutes_upload, kind, actor=actor))
        problems += [m for k, msgs in fields.items() if not k.startswith("reason_") for m in msgs]
        if problems:
            raise ScoringError(problems, fields)
        cd = CollectiveDecision.objects.create(campaign=campaign, series=series, level=level,
                                               meeting_date=meeting_date, decision=decision[:5000],
                                               minutes=minutes[:20000], minutes_file=stored,
                                               quota=sheet.quota.count, recorded_by=actor)
        cd.leaders_present.set(leaders)
        out_of_order = {r.app.pk for r in departures(rows, recommended)}
        DecisionEntry.objects.bulk_create([
            DecisionEntry(decision=cd, application=r.app, rank=r.rank, total=r.total,
                          recommended=r.app.pk in recommended,
                          departure_reason=(reasons.get(r.app.pk) or "").strip()[:2000]
                          if r.app.pk in out_of_order else "") for r in rows])
        yes = [r.app for r in rows if r.app.pk in recommended]
        no = [r.app for r in rows if r.app.pk not in recommended]
        if yes:
            transition_many(yes, "recommend", actor=actor, ip=ip, decision=cd.pk, recommended=True)
        if no:
            transition_many(no, "not_recommend", actor=actor, ip=ip, decision=cd.pk, recommended=False)
        record("collective_decision", actor=actor, obj=cd, role=role_a.role, organization=role_a.organization,
               ip=ip, details={"series": series.name, "level": level, "recommended": len(yes),
                               "not_recommended": len(no), "quota": cd.quota,
                               "departures": len(out_of_order)})
    return cd


def decision_recorded_problems(app: Application, actor, details) -> list[str]:
    qs = DecisionEntry.objects.filter(application=app)
    if details.get("decision"):
        qs = qs.filter(decision_id=details["decision"])
    if "recommended" in details:
        qs = qs.filter(recommended=details["recommended"])
    if not qs.exists():
        return ["推荐人选须由单位领导集体研究确定：请在排名表页面记录集体研究决定。"]
    return []
