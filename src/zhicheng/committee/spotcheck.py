"""§四(一) 省职改办抽查 (seed §四(一)): the provincial office receives each office's 高级 报送 batch (office_review's
Forwarding of kind “province”), draws a reproducible sample of it, records a finding per sampled application,
returns one with every problem at once (一次性告知) and a deadline in working days, and — once every sampled
application is found 合格 — delegates (委托) the batch to the committee host of each application's route: a new
Forwarding of kind “host” per host, which gives the host its data scope and the transfer list.

The draw: the batch's application ids still in the spot check, ascending, `random.Random(seed).sample(ids, k)`
with k = ceil(share% × n), at least the minimum, at most n; the seed (from `secrets`), the method, the ids and
the parameters are recorded, and `reproduce` re-runs it. Not corrected by the deadline → the daily job abandons
the application the day after the deadline (the deadline day itself still counts)."""

from __future__ import annotations

import datetime
import random
import secrets
from collections import Counter

from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.codes.models import get_param
from zhicheng.dossier.models import Application
from zhicheng.errors import Refusal
from zhicheng.messaging.services import notify
from zhicheng.office_review.models import Forwarding, ForwardingEntry
from zhicheng.office_review.schedule import office_of
from zhicheng.orgs import accounts
from zhicheng.orgs.models import Organization, RoleAssignment, User
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import orgs_for_role
from zhicheng.workdays.formats import cn_date
from zhicheng.workdays.services import add_working_days
from zhicheng.workflow.services import transition, transition_many
from zhicheng.workflow.states import State

from .models import SpotCheck, SpotFinding, SpotReturn

METHOD = ("将本批次仍处于抽查环节的申报按申报编号升序排列，以记录的随机种子初始化 Python random.Random(种子)，"
          "调用 sample(申报编号列表, 抽查份数) 依次抽出；抽查份数 = 向上取整(批次份数 × 抽查比例)，不少于每批最少"
          "抽查份数，不超过批次份数。任何人以相同种子和相同编号列表重新运行均得到相同结果。")
R = SpotFinding.Result


class SpotCheckError(Refusal):
    pass


# --------------------------------------------------------------------------- scope (named predicates)

def province_orgs(user) -> list[Organization]:
    """The provinces in which the user holds Role.PROVINCIAL_OFFICE (a province sees only batches sent to it)."""
    return orgs_for_role(user, Role.PROVINCIAL_OFFICE)


def is_provincial(user) -> bool:
    return bool(province_orgs(user))


def receives(user, batch: Forwarding) -> bool:
    """The user is the provincial office the batch was sent to."""
    return batch.kind == Forwarding.Kind.PROVINCE and any(o.pk == batch.to_org_id for o in province_orgs(user))


def batches_for(user):
    """The province batches addressed to the user's provinces."""
    return Forwarding.objects.filter(kind=Forwarding.Kind.PROVINCE, to_org__in=[o.pk for o in province_orgs(user)])


def batch_or_404(user, pk: int) -> Forwarding:
    batch = batches_for(user).select_related("office", "to_org", "created_by").filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def batch_of(application) -> Forwarding | None:
    """The province batch the application was last sent in."""
    entry = (ForwardingEntry.objects.filter(application=application, forwarding__kind=Forwarding.Kind.PROVINCE)
             .select_related("forwarding").order_by("-forwarding__created_at", "-forwarding_id").first())
    return entry.forwarding if entry else None


def spot_check_of(application) -> SpotCheck | None:
    batch = batch_of(application)
    return SpotCheck.objects.filter(forwarding=batch).first() if batch else None


def open_return(application) -> SpotReturn | None:
    return (SpotReturn.objects.filter(application=application, resolved_at__isnull=True)
            .order_by("-created_at", "-id").first())


def open_returns(application_ids) -> list[SpotReturn]:
    return list(SpotReturn.objects.filter(application_id__in=list(application_ids), resolved_at__isnull=True))


def _require_receiver(actor, batch: Forwarding) -> None:
    if not receives(actor, batch):
        raise SpotCheckError("只有接收该批次的省职改办可以抽查。", forbidden=True)


# --------------------------------------------------------------------------- the draw

def sample_size(n: int, share_percent: int, minimum: int) -> int:
    """ceil(share% × n), at least `minimum`, never more than the batch (integer arithmetic: no float rounding)."""
    if n <= 0:
        return 0
    return min(n, max(minimum, -(-n * share_percent // 100)))


def sample(seed: str, eligible_ids: list[int], size: int) -> list[int]:
    return random.Random(seed).sample(sorted(eligible_ids), size)


def reproduce(spot_check: SpotCheck) -> list[int]:
    """Re-run the recorded draw: equals `spot_check.sampled_ids` when nothing was tampered with."""
    return sample(spot_check.seed, spot_check.eligible_ids, spot_check.size)


def batch_application_ids(batch: Forwarding, state=State.SPOT_CHECK) -> list[int]:
    return sorted(ForwardingEntry.objects.filter(forwarding=batch, application__state=state)
                  .values_list("application_id", flat=True))


@transaction.atomic
def draw(actor, batch: Forwarding, *, seed: str = "", ip: str | None = None) -> SpotCheck:
    """The draw of one batch (once; a second draw is refused)."""
    _require_receiver(actor, batch)
    batch = Forwarding.objects.select_for_update().get(pk=batch.pk)
    if SpotCheck.objects.filter(forwarding=batch).exists():
        raise SpotCheckError("该批次已抽取，不能重新抽取（可按记录的种子复核抽取结果）。", conflict=True)
    eligible = batch_application_ids(batch)
    if not eligible:
        raise SpotCheckError("该批次没有处于抽查环节的申报。")
    share, minimum = get_param("spot_check_share_percent"), get_param("spot_check_min_per_batch")
    size = sample_size(len(eligible), share, minimum)
    seed = (seed or "").strip()[:64] or secrets.token_hex(16)
    drawn = sample(seed, eligible, size)
    sc = SpotCheck.objects.create(forwarding=batch, seed=seed, method=METHOD, share_percent=share, minimum=minimum,
                                  size=size, eligible_ids=eligible, sampled_ids=drawn, by=actor)
    record("committee.spot_draw", actor=actor, obj=batch, role=Role.PROVINCIAL_OFFICE, organization=batch.to_org,
           ip=ip, details={"seed": seed, "size": size, "share_percent": share, "minimum": minimum,
                           "eligible_ids": eligible, "sampled_ids": drawn})
    return sc


# --------------------------------------------------------------------------- findings

def _clean_items(items) -> list[str]:
    return [s for s in ((i or "").strip() for i in (items or [])) if s]


@transaction.atomic
def record_finding(actor, spot_check: SpotCheck, application, *, ok: bool, items=(),
                   ip: str | None = None) -> SpotFinding:
    """合格, or 存在问题 with every item listed (they become the one-time notice). Re-recorded after a correction."""
    _require_receiver(actor, spot_check.forwarding)
    if application.pk not in spot_check.sampled_ids:
        raise SpotCheckError("该申报不在本批次抽中的范围内。")
    application.refresh_from_db(fields=["state"])
    if application.state != State.SPOT_CHECK:
        raise SpotCheckError(f"该申报当前状态为“{application.get_state_display()}”，不能记录抽查结论。")
    items = _clean_items(items)
    if ok and items:
        raise SpotCheckError("结论为合格时不应列出问题。", {"items": ["结论为合格时不应列出问题。"]})
    if not ok and not items:
        raise SpotCheckError("结论为存在问题时，请逐条列出全部问题（一次性告知）。",
                             {"items": ["请逐条列出全部问题。"]})
    finding, _ = SpotFinding.objects.update_or_create(
        spot_check=spot_check, application=application,
        defaults={"result": R.OK if ok else R.PROBLEM, "items": items, "by": actor})
    record("committee.spot_finding", actor=actor, obj=application, role=Role.PROVINCIAL_OFFICE,
           organization=spot_check.forwarding.to_org, ip=ip, details={"result": finding.result, "items": items,
                                                                     "spot_check": spot_check.pk})
    return finding


def finding_of(spot_check: SpotCheck | None, application) -> SpotFinding | None:
    if spot_check is None:
        return None
    return SpotFinding.objects.filter(spot_check=spot_check, application=application).first()


# --------------------------------------------------------------------------- return, resubmission, abandonment

def correction_deadline(today: datetime.date) -> datetime.date:
    """The correction period starts the day after the notice: the last of `spot_correction_working_days`."""
    return add_working_days(today + datetime.timedelta(days=1), get_param("spot_correction_working_days"))


def office_reviewers(office) -> list[User]:
    return [a.user for a in RoleAssignment.objects.filter(organization=office, role=Role.OFFICE_REVIEWER,
                                                          user__is_active=True).select_related("user")]


def spot_return(actor, application, *, reason: str = "", ip: str | None = None) -> SpotReturn:
    """退回主管部门（一次性告知）: the finding's items, and the deadline; the office's reviewers are told."""
    sc = spot_check_of(application)
    finding = finding_of(sc, application)
    items = list(finding.items) if finding and finding.result == R.PROBLEM else []
    today = timezone.localdate()
    due = correction_deadline(today)
    note = (reason or "").strip()
    text = "\n".join(f"{i}. {p}" for i, p in enumerate(items, 1)) + (f"\n补充说明：{note}" if note else "")
    text += f"\n补正期限：{cn_date(due)}（逾期未补正视为放弃）"
    with transaction.atomic():
        app = transition(application, "spot_return", actor=actor, ip=ip, reason=text.strip(),
                         deadline=due.isoformat(), items=items)
        ret = SpotReturn.objects.create(spot_check=sc, application=app, reasons=items, note=note, deadline=due,
                                        by=actor)
        office = office_of(app)
        for user in office_reviewers(office) if office else []:
            notify(user, subject="省职改办抽查退回补正（一次性告知）",
                   body=f"{app.applicant.real_name}（{app.unit.name}）的申报经省职改办抽查存在以下问题，请于"
                        f"{cn_date(due)}前补正后重新报送，逾期视为放弃：\n{text}",
                   link="/committee/spot-checks/returned/", key=f"spot_return:{ret.pk}")
    return ret


def guard_findings_listed(application, actor, details) -> list[str]:
    sc = spot_check_of(application)
    if sc is None:
        return ["该批次尚未抽取，不能退回。"]
    if not receives(actor, sc.forwarding):
        return ["只有接收该批次的省职改办可以退回。"]
    finding = finding_of(sc, application)
    if finding is None or finding.result != R.PROBLEM or not finding.items:
        return ["请先在抽查结论中逐条列出存在的问题（一次性告知），再退回主管部门。"]
    return []


def guard_deadline_not_passed(application, actor, details) -> list[str]:
    ret = open_return(application)
    if ret is None:
        return ["未找到抽查退回记录。"]
    if timezone.localdate() > ret.deadline:
        return [f"补正期限为{cn_date(ret.deadline)}，已逾期，不能重新报送。"]
    return []


def guard_deadline_passed(application, actor, details) -> list[str]:
    ret = open_return(application)
    today = datetime.date.fromisoformat(details["today"]) if details.get("today") else timezone.localdate()
    if ret is None:
        return ["未找到抽查退回记录。"]
    if not today > ret.deadline:
        return [f"补正期限为{cn_date(ret.deadline)}，期限届满后方可视为放弃。"]
    return []


def resubmit(actor, application, *, ip: str | None = None):
    """补正后重新报送: back in the spot check of the same batch; the finding waits to be checked again."""
    with transaction.atomic():
        ret = open_return(application)
        app = transition(application, "resubmit_spot", actor=actor, ip=ip)
        ret.resolved_at, ret.outcome = timezone.now(), SpotReturn.Outcome.RESUBMITTED
        ret.save(update_fields=["resolved_at", "outcome"])
        SpotFinding.objects.filter(spot_check=ret.spot_check, application=app).update(result=R.CORRECTED)
        for user in [a.user for a in RoleAssignment.objects.filter(organization=ret.spot_check.forwarding.to_org,
                                                                    role=Role.PROVINCIAL_OFFICE, user__is_active=True)
                     .select_related("user")]:
            notify(user, subject="抽查退回的申报已补正重新报送",
                   body=f"{app.applicant.real_name}（{app.unit.name}）的申报已补正，请复查。",
                   link=f"/committee/spot-checks/{ret.spot_check.forwarding_id}/", key=f"spot_resubmit:{ret.pk}")
    return app


def system_actor(province) -> User:
    """The province's system account that the daily job acts as (inactive, no password, the provincial role)."""
    return accounts.system_actor(province, Role.PROVINCIAL_OFFICE, "province")


def abandon(actor, application, *, today: datetime.date | None = None, ip: str | None = None):
    today = today or timezone.localdate()
    with transaction.atomic():
        ret = open_return(application)
        d = ret.deadline if ret else None
        app = transition(application, "spot_abandon", actor=actor, ip=ip, today=today.isoformat(),
                         reason=f"抽查退回后逾期未补正，视为放弃（补正期限：{cn_date(d)}）")
        ret.resolved_at, ret.outcome = timezone.now(), SpotReturn.Outcome.ABANDONED
        ret.save(update_fields=["resolved_at", "outcome"])
    return app


def abandon_overdue(today: datetime.date | None = None) -> list[Application]:
    """The daily job: every application returned after the spot check whose deadline is before `today`."""
    today = today or timezone.localdate()
    out = []
    rets = (SpotReturn.objects.filter(resolved_at__isnull=True, deadline__lt=today,
                                      application__state=State.SPOT_RETURNED)
            .select_related("application", "spot_check__forwarding__to_org").order_by("pk"))
    for ret in rets:
        out.append(abandon(system_actor(ret.spot_check.forwarding.to_org), ret.application, today=today))
    return out


def _job(today: datetime.date) -> str:
    return f"抽查退回逾期视为放弃：{len(abandon_overdue(today))}份"


# --------------------------------------------------------------------------- delegation (委托)

def batch_problems(sc: SpotCheck | None) -> list[str]:
    """Why the batch cannot be delegated yet: every sampled application still here needs a 合格 finding."""
    if sc is None:
        return ["该批次尚未抽取，不能委托。"]
    states = dict(Application.objects.filter(pk__in=sc.sampled_ids).values_list("pk", "state"))
    findings = {f.application_id: f for f in sc.findings.all()}
    names = dict(Application.objects.filter(pk__in=sc.sampled_ids).values_list("pk", "applicant__real_name"))
    problems = []
    for pk in sc.sampled_ids:
        state, f = states.get(pk), findings.get(pk)
        if state == State.SPOT_RETURNED:
            problems.append(f"{names[pk]}：已退回主管部门补正，尚未重新报送或办结。")
        elif state != State.SPOT_CHECK:
            continue  # abandoned, withdrawn or disqualified: no longer part of the batch's review
        elif f is None:
            problems.append(f"{names[pk]}：抽中的申报尚未记录抽查结论。")
        elif f.result == R.PROBLEM:
            problems.append(f"{names[pk]}：抽查存在问题，须退回补正或认定后处理。")
        elif f.result == R.CORRECTED:
            problems.append(f"{names[pk]}：已补正，尚未复查。")
    return problems


def guard_spot_check_done(application, actor, details) -> list[str]:
    sc = details.get("spot_check")
    if not isinstance(sc, SpotCheck):
        sc = spot_check_of(application)
    if sc is not None and not receives(actor, sc.forwarding):
        return ["只有接收该批次的省职改办可以委托。"]
    if sc is not None and hasattr(sc, "_zc_problems"):
        return sc._zc_problems
    return batch_problems(sc)


def _hosts(batch: Forwarding, apps) -> tuple[dict, list[str]]:
    entries = {e.application_id: e for e in ForwardingEntry.objects.filter(
        forwarding=batch, application__in=apps).select_related("route__host")}
    groups: dict = {}
    problems = []
    for app in apps:
        route = getattr(entries.get(app.pk), "route", None)
        if route is None or route.host_id is None:
            problems.append(f"{app.applicant.real_name}：未找到评审路由（评委会组建单位），不能委托。"
                            "请先在评审路由表中补充。")
            continue
        groups.setdefault(route.host, []).append((app, route))
    return groups, problems


def delegate(actor, batch: Forwarding, *, applications=None, ip: str | None = None) -> list[Forwarding]:
    """委托: the batch's applications still in the spot check (or those given) move to HOST_REVIEW, one new
    报送 batch of kind “host” per committee host (routes kept); the hosts' users are told."""
    _require_receiver(actor, batch)
    sc = SpotCheck.objects.filter(forwarding=batch).first()
    if applications is None:
        applications = Application.objects.filter(pk__in=batch_application_ids(batch))
    apps = list(applications.select_related("applicant", "unit", "campaign") if hasattr(applications, "select_related")
                else applications)
    if not apps:
        raise SpotCheckError("该批次没有待委托的申报。")
    if sc is not None:
        sc._zc_problems = batch_problems(sc)  # computed once for the whole batch; the guard reads it
    groups, problems = _hosts(batch, apps)
    if problems:
        raise SpotCheckError(problems)
    out = []
    with transaction.atomic():
        transition_many(apps, "delegate_to_host", actor=actor, ip=ip, spot_check=sc, forwarding=batch.pk)
        for host, rows in groups.items():
            fw = Forwarding.objects.create(office=batch.to_org, to_org=host, kind=Forwarding.Kind.HOST,
                                           year=batch.year, created_by=actor)
            ForwardingEntry.objects.bulk_create([ForwardingEntry(forwarding=fw, application=a, order=i, route=r)
                                                 for i, (a, r) in enumerate(rows, 1)])
            record("committee.delegate", actor=actor, obj=fw, role=Role.PROVINCIAL_OFFICE, organization=batch.to_org,
                   ip=ip, details={"from_batch": batch.pk, "to": host.name, "entries": len(rows)})
            for a in RoleAssignment.objects.filter(organization=host, role=Role.COMMITTEE_HOST,
                                                   user__is_active=True).select_related("user"):
                notify(a.user, subject="省职改办委托资格审查",
                       body=f"省职改办已将{batch.office.name}报送的{len(rows)}份高级申报委托贵单位进行资格审查。",
                       link=f"/office/forwarding/{fw.pk}/", key=f"spot_delegate:{fw.pk}")
            out.append(fw)
        if sc is not None and not batch_application_ids(batch):
            sc.delegated_at = timezone.now()
            sc.save(update_fields=["delegated_at"])
    return out


def delegate_one(app, *, actor, ip, reason, data):
    """The map's step from the dossier page: this application alone, to its host."""
    batch = batch_of(app)
    if batch is None:
        raise SpotCheckError("未找到该申报的报送批次。")
    delegate(actor, batch, applications=[app], ip=ip)
    app.refresh_from_db()
    return app


# --------------------------------------------------------------------------- pages' reads

def batch_counts(batch_ids: list[int]) -> dict[int, Counter]:
    """Per batch, its applications counted by state (one query)."""
    out: dict[int, Counter] = {}
    rows = (ForwardingEntry.objects.filter(forwarding_id__in=batch_ids).values("forwarding_id", "application__state")
            .annotate(n=Count("id")))
    for r in rows:
        out.setdefault(r["forwarding_id"], Counter())[r["application__state"]] = r["n"]
    return out


def returned_for(actor):
    """The office's applications returned after the spot check and not yet resolved (its offices' subtree)."""
    offices = orgs_for_role(actor, Role.OFFICE_REVIEWER)
    if not offices:
        return SpotReturn.objects.none()
    q = Q()
    for o in offices:
        q |= Q(application__unit__path__startswith=o.path)
    return (SpotReturn.objects.filter(q, resolved_at__isnull=True, application__state=State.SPOT_RETURNED)
            .select_related("application__applicant", "application__unit", "application__title")
            .order_by("deadline", "pk"))


def register() -> None:
    """Called from CommitteeConfig.ready(): parameters' defaults, guards, actions, the daily job."""
    from zhicheng.codes.models import PARAMETER_DEFAULTS
    from zhicheng.scheduling import jobs
    from zhicheng.workflow import actions, guards

    from .parameters import SPOT_CHECK_PARAMETERS

    for key, default in SPOT_CHECK_PARAMETERS.items():
        PARAMETER_DEFAULTS.setdefault(key, default)
    guards.register("spot_findings_listed")(guard_findings_listed)
    guards.register("spot_deadline_not_passed")(guard_deadline_not_passed)
    guards.register("spot_deadline_passed")(guard_deadline_passed)
    guards.register("spot_check_done")(guard_spot_check_done)
    actions.register("spot_return", lambda app, *, actor, ip, reason, data: spot_return(
        actor, app, reason=reason, ip=ip).application)
    actions.register("resubmit_spot", lambda app, *, actor, ip, reason, data: resubmit(actor, app, ip=ip))
    actions.register("spot_abandon", lambda app, *, actor, ip, reason, data: abandon(actor, app, ip=ip))
    actions.register("delegate_to_host", delegate_one)
    jobs.register("spot_abandon_overdue", _job, "省职改办抽查退回逾期视为放弃")
