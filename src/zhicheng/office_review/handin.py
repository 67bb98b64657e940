"""§三(三) 交卷审查: the paper dossier (received against the 组卷要求, bound only after the online application
was submitted), the review fee (amount from FeeRule, recorded through the payment gateway), the office's
呈报意见 (the `endorse` step, guarded by `endorsement_ready`), and the guards of 报送 by level. The batches
themselves (报送 with the transfer list) are in `transfer.py`, the routing table in `routing.py`."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.codes.models import SENIOR_LEVELS
from zhicheng.documents import registry
from zhicheng.documents.registry import Part
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import covering
from zhicheng.workdays.formats import cn_date
from zhicheng.workflow import actions, guards
from zhicheng.workflow.services import TransitionError, transition
from zhicheng.workflow.states import UPWARD_STATES, State

from . import payment, routing
from .models import AssemblyItem, Endorsement, FeePayment, FeeRule, PaperDossier
from .schedule import office_of

# The paper dossier and the fee are handed in from the 网上申报 on (the unit brings them with the online
# application); binding (胶装) only once the online application was submitted: ONLINE_SUBMITTED or
# ONLINE_PASSED. While it is returned for correction (ONLINE_RETURNED) the content may still change, so the
# binding waits for the resubmission.
RECEIVING_STATES = frozenset({State.PREREVIEW_PASSED, State.ONLINE_SUBMITTED, State.ONLINE_RETURNED,
                              State.ONLINE_PASSED})
BINDING_STATES = frozenset({State.ONLINE_SUBMITTED, State.ONLINE_PASSED})
# The 呈报意见 exists from 已签署呈报意见 on (the endorse step commits it): only then is it looked up.
ENDORSED_STATES = UPWARD_STATES - RECEIVING_STATES - {State.UNIT_SUBMITTED, State.PREREVIEW_RETURNED}
NOT_BINDABLE = "网上申报尚未提交，不能登记胶装：纸质材料须在网上申报提交后胶装。"


class HandinError(Refusal):
    pass


def check_office(actor, application) -> None:
    """Only the reviewers of the office the application went to act on its 交卷审查."""
    if not covering(actor, application, {Role.OFFICE_REVIEWER}):
        raise HandinError("只有本主管部门的审核人员可以办理交卷审查。", forbidden=True)


def _in(application, states, what: str) -> None:
    if application.state not in states:
        raise HandinError(f"当前状态为“{State(application.state).label}”，不能{what}。")


# --------------------------------------------------------------------------- paper dossier

def checklist(series) -> list[AssemblyItem]:
    """The 组卷要求 of the series: its own lines, else the default lines (no series)."""
    rows = list(AssemblyItem.objects.filter(series=series)) if series is not None else []
    return rows or list(AssemblyItem.objects.filter(series__isnull=True))


def record_paper(actor, application, *, received_on: datetime.date, items: list[str], note: str = "",
                 ip: str | None = None) -> PaperDossier:
    """Record the paper dossier as received on `received_on` with the listed materials (names of the
    checklist); it is complete when every required material is there."""
    check_office(actor, application)
    _in(application, RECEIVING_STATES, "登记纸质材料")
    if PaperDossier.objects.filter(application=application, bound_at__isnull=False).exists():
        raise HandinError("纸质材料已胶装，不能再修改接收登记。")
    lines = checklist(application.series)
    names = [i.name for i in lines]
    unknown = [n for n in items if n not in names]
    if unknown:
        raise HandinError(f"组卷要求中没有以下材料：{'、'.join(unknown)}。", {"items": ["请从组卷要求中选择。"]})
    if received_on > timezone.localdate():
        raise HandinError("接收日期不能晚于今天。", {"received_on": ["接收日期不能晚于今天。"]})
    got = [n for n in names if n in set(items)]  # kept in the order of the 组卷要求
    missing = [i.name for i in lines if i.required and i.name not in set(items)]
    with transaction.atomic():
        paper, _ = PaperDossier.objects.update_or_create(
            application=application,
            defaults={"received_on": received_on, "receiver": actor, "items": got, "missing": missing,
                      "complete": not missing, "note": note})
        record("paper_received", actor=actor, obj=application, organization=office_of(application), ip=ip,
               details={"received_on": received_on.isoformat(), "items": len(got), "missing": missing})
    return paper


def bind(actor, application, *, ip: str | None = None) -> PaperDossier:
    """Record that the paper dossier was bound (胶装): refused before the online application was submitted."""
    check_office(actor, application)
    if application.state not in BINDING_STATES:
        raise HandinError(NOT_BINDABLE)
    paper = PaperDossier.objects.filter(application=application).first()
    if paper is None:
        raise HandinError("纸质材料尚未接收，不能登记胶装。")
    if not paper.complete:
        raise HandinError(f"纸质材料不齐全（缺少{'、'.join(paper.missing)}），不能登记胶装。")
    with transaction.atomic():
        paper.bound_at, paper.bound_by = timezone.now(), actor
        paper.save(update_fields=["bound_at", "bound_by", "updated_at"])
        record("paper_bound", actor=actor, obj=application, organization=office_of(application), ip=ip)
    return paper


# --------------------------------------------------------------------------- fee

def fee_amount(application) -> Decimal | None:
    """The fee of the application's level: the series' own row, else the row for every series."""
    rows = dict(FeeRule.objects.filter(Q(series_id=application.series_id) | Q(series__isnull=True),
                                       level=application.level).values_list("series_id", "amount"))
    return rows.get(application.series_id, rows.get(None))


def record_fee(actor, application, *, receipt_no: str, paid_on: datetime.date, ip: str | None = None):
    check_office(actor, application)
    _in(application, RECEIVING_STATES, "登记评审费")
    amount = fee_amount(application)
    if amount is None:
        raise HandinError(f"尚未设置{application.series.name}系列{application.get_level_display()}的评审费标准，"
                          "请联系系统管理员。")
    receipt_no = (receipt_no or "").strip()
    if not receipt_no:
        raise HandinError("请填写票据号。", {"receipt_no": ["请填写票据号。"]})
    if paid_on > timezone.localdate():
        raise HandinError("缴费日期不能晚于今天。", {"paid_on": ["缴费日期不能晚于今天。"]})
    gw = payment.gateway()
    with transaction.atomic():
        paid = gw.record(application, amount, receipt_no, paid_on, actor)
        record("fee_paid", actor=actor, obj=application, organization=office_of(application), ip=ip,
               details={"amount": str(amount), "receipt_no": receipt_no, "paid_on": paid_on.isoformat(),
                        "method": gw.method})
    return paid


# --------------------------------------------------------------------------- 呈报意见

def endorsement_problems(application) -> list[str]:
    """What the records still lack before the office signs (the guard `endorsement_ready`), all at once."""
    problems = []
    paper = PaperDossier.objects.filter(application=application).first()
    if paper is None:
        problems.append("纸质材料尚未接收。")
    else:
        if not paper.complete:
            problems.append(f"纸质材料不齐全（缺少{'、'.join(paper.missing)}）。")
        if paper.bound_at is None:
            problems.append("纸质材料尚未胶装。")
    if not FeePayment.objects.filter(application=application).exists():
        problems.append("评审费尚未缴纳。")
    return problems


def opinion_problems(text: str, signer_name: str) -> list[str]:
    return [m for m, missing in (("呈报意见尚未填写。", not text), ("呈报意见尚未签名。", not signer_name)) if missing]


def endorse(actor, application, *, text: str = "", signer_name: str = "", signed_on: datetime.date | None = None,
            ip: str | None = None):
    """签署呈报意见: the opinion saved and the step taken in one transaction (refused: nothing is kept). Every
    missing thing — records and the opinion itself — is named at once."""
    check_office(actor, application)
    text, signer_name = (text or "").strip(), (signer_name or "").strip()
    if application.state == State.ONLINE_PASSED:
        problems = endorsement_problems(application) + opinion_problems(text, signer_name)
        if problems:
            raise TransitionError(problems)
    with transaction.atomic():
        if text and signer_name:
            Endorsement.objects.update_or_create(
                application=application,
                defaults={"text": text, "signer_name": signer_name, "signed_on": signed_on or timezone.localdate(),
                          "signed_by": actor})
        app = transition(application, "endorse", actor=actor, ip=ip)
        if not Endorsement.objects.filter(application=app).exists():
            raise TransitionError(opinion_problems(text, signer_name))
        from . import transfer

        office = office_of(app)
        if not routing.destination(app, office).kind:  # stopped: the provincial office is told now
            transfer.tell_province(app, office)
    return app


class EndorseForm(forms.Form):
    text = forms.CharField(label="呈报意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           initial="经审查，该同志申报材料真实、齐全，符合申报条件，同意呈报。")
    signer_name = forms.CharField(label="签名", max_length=50, required=False)
    signed_on = forms.DateField(label="日期", required=False)


def _endorse_handler(app, *, actor, ip, reason, data):
    return endorse(actor, app, text=data.get("text", ""), signer_name=data.get("signer_name", ""),
                   signed_on=data.get("signed_on"), ip=ip)


# --------------------------------------------------------------------------- forms' box

def _endorsement(application):
    cached = getattr(application, "_zc_endorsement", False)
    if cached is False:
        cached = Endorsement.objects.filter(application=application).first()
        application._zc_endorsement = cached
    return cached


def office_part(application) -> Part | None:
    """The 呈报意见 in the office's box of both forms (once signed: the endorse step committed it)."""
    if application.state not in ENDORSED_STATES:
        return None
    e = _endorsement(application)
    if e is None:
        return None
    return Part((e.text, f"签名：{e.signer_name}　　{cn_date(e.signed_on)}"))


# --------------------------------------------------------------------------- guards and registration

def _endorsement_ready(app, actor, details) -> list[str]:
    # The dossier page offers the step (its own page lists what is missing: paper, binding, fee).
    return [] if details.get("page") else endorsement_problems(app)


def _destination(app):
    """The route of the application, once per request (both forwarding buttons ask)."""
    if "_zc_destination" not in app.__dict__:
        app._zc_destination = routing.destination(app, office_of(app))
    return app._zc_destination


def _routed_to_host(app, actor, details) -> list[str]:
    if app.level in SENIOR_LEVELS:
        return [f"{app.get_level_display()}申报须报送省职改办抽查。"]
    dest = _destination(app)
    if dest.kind != "host":
        return [dest.problem or "该申报须先报送省职改办抽查。"]
    return []


def _routed_to_province(app, actor, details) -> list[str]:
    if app.level in SENIOR_LEVELS and details.get("page"):  # 高级 always goes to the province first
        return []
    dest = _destination(app)
    if dest.kind != "province":
        return [dest.problem or "该申报应直接报送评委会组建单位。"]
    return []


def register():
    guards.register("endorsement_ready")(_endorsement_ready)
    guards.register("routed_to_host")(_routed_to_host)
    guards.register("routed_to_province")(_routed_to_province)
    actions.register("endorse", _endorse_handler, form=EndorseForm)
    from . import transfer

    for action in ("forward_to_host", "forward_to_province"):
        actions.register(action, transfer.forward_one)
    registry.register_part(registry.REVIEW_FORM, registry.OFFICE_OPINION, 20, office_part)
    registry.register_part(registry.ROSTER, registry.OFFICE_OPINION, 20, office_part)
