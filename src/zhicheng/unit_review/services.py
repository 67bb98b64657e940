"""§二(一) 材料核实: unit HR checks every item and attachment of a submitted dossier against the originals.

Each function takes the acting user, runs in one transaction and writes the audit event. The items to
check are those of the latest submitted version (its snapshot): sections of many items item by item, a
single section as a whole, and every attachment. 核实通过 needs every item verified, no open problem, and
no ban on the person (integrity)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.dossier import models as dm
from zhicheng.dossier import sections as sec
from zhicheng.dossier import services as dossier_services
from zhicheng.errors import Refusal
from zhicheng.workdays.formats import cn_date
from zhicheng.workflow.services import may_act, transition
from zhicheng.workflow.states import TRANSITIONS, State

from .models import VerificationMark

ATTACHMENTS = "attachments"
NOTE_MAX_CHARS = 500
Status = VerificationMark.Status


class VerificationError(Refusal):
    """A refused verification step."""


@dataclass(frozen=True)
class Item:
    """One thing to check: (section, item id or None for a single section as a whole) and its label."""

    section: str
    item_id: int | None
    label: str

    @property
    def key(self) -> tuple[str, int | None]:
        return (self.section, self.item_id)


def _short(fields: dict, limit: int = 40) -> str:
    text = "，".join(str(v) for v in list(fields.values())[:3] if v)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def items_of(snapshot: dict) -> list[Item]:
    """Every item of a version to check, in dossier order, attachments last."""
    out = []
    for section in sec.SECTIONS:
        rows = snapshot.get(section.key, [])
        if section.key == ATTACHMENTS:
            for row in rows:
                f = row.get("fields", {})
                out.append(Item(ATTACHMENTS, row["id"], f"附件：{f.get('说明') or f.get('文件', '')}"
                                                        f"（{f.get('所属部分', '')}）"))
        elif not section.many:
            if rows:
                out.append(Item(section.key, None, section.label))
        else:
            for i, row in enumerate(rows, 1):
                out.append(Item(section.key, row["id"], f"{section.label}第{i}条（{_short(row.get('fields', {}))}）"))
    return out


def latest_version(application) -> dm.ApplicationVersion | None:
    return application.versions.order_by("-number").first()


def _rows(snapshot: dict, item: Item):
    """What the item printed in a version: its row (or the whole single section)."""
    rows = snapshot.get(item.section, [])
    if item.item_id is None:
        return rows
    return next((r for r in rows if r.get("id") == item.item_id), None)


def checklist(application) -> tuple[dm.ApplicationVersion | None, list[Item], dict]:
    """(latest version, its items, their marks by (section, item id)): two queries.

    After a return, an item the applicant did not change (its content and its file's SHA-256 the same as in
    the version before) keeps that version's “已核” mark — shown as carried over (``carried_from``); what
    changed, and every problem, is checked again."""
    versions = list(application.versions.order_by("-number")[:2])
    if not versions:
        return None, [], {}
    version, previous = versions[0], (versions[1] if len(versions) > 1 else None)
    numbers = [v.number for v in versions]
    marks, earlier = {}, {}
    for mk in VerificationMark.objects.filter(application=application, version__in=numbers).select_related(
            "checked_by"):
        mk.carried_from = None
        (marks if mk.version == version.number else earlier)[(mk.section, mk.item_id)] = mk
    items = items_of(version.snapshot)
    if previous is not None:
        for item in items:
            old = earlier.get(item.key)
            if (item.key not in marks and old is not None and old.status == Status.VERIFIED
                    and _rows(version.snapshot, item) == _rows(previous.snapshot, item)):
                old.carried_from = previous.number
                marks[item.key] = old
    return version, items, marks


def progress(application) -> dict:
    """Counts for the page and the API: items, verified, problems, unmarked."""
    _version, items, marks = checklist(application)
    statuses = [marks[i.key].status if i.key in marks else "" for i in items]
    return {"total": len(items), "verified": statuses.count(Status.VERIFIED),
            "problems": statuses.count(Status.PROBLEM), "unmarked": statuses.count("")}


def open_problems(application) -> list[dict]:
    """Every problem recorded on the latest version, in dossier order: section, item, label and note."""
    _version, items, marks = checklist(application)
    return [{"section": i.section, "item_id": i.item_id, "label": i.label, "reason": marks[i.key].note}
            for i in items if i.key in marks and marks[i.key].status == Status.PROBLEM]


def ban_problems(application, on=None) -> list[str]:
    """A person under a ban (禁申) cannot be verified anywhere until it ends (integrity's registry)."""
    from zhicheng.integrity import services as integrity

    find = getattr(integrity, "active_ban", None)
    id_number = application.applicant.id_number
    if find is None or not id_number:
        return []
    ban = find(id_number, on or timezone.localdate())
    if ban is None:
        return []
    return [f"申报人处于禁申期（{cn_date(ban.starts_on)}起，{cn_date(ban.ends_on)}起方可再申报；"
            f"认定机关：{ban.authority}），不能核实通过。"]


def completeness_problems(application) -> list[str]:
    """The guard `verification_complete`: every item verified, no open problem, no ban — all at once."""
    version, items, marks = checklist(application)
    if version is None:
        return ["该申报尚无提交的版本，无法核实。"]
    problems = []
    unmarked = [i.label for i in items if i.key not in marks]
    if unmarked:
        problems.append(f"尚有{len(unmarked)}项材料未核实：{'、'.join(unmarked[:10])}"
                        f"{'等' if len(unmarked) > 10 else ''}。")
    found = [i.label for i in items if i.key in marks and marks[i.key].status == Status.PROBLEM]
    if found:
        problems.append(f"有{len(found)}项材料存在问题，须退回修改后重新核实：{'、'.join(found[:10])}"
                        f"{'等' if len(found) > 10 else ''}。")
    return problems + ban_problems(application)


MARKS_FACT = "verification_marks"
CARRY_FACT = "verification_carry"
BANS_FACT = "verification_bans"


def marks_fact(q, table, col, latest):
    """The facts row (dossier.services.register_fact) for the 核实通过 button: n = 已核 marks on the latest
    version, r = problems marked on it (every mark of a version is of one of its items, one per item)."""
    vm = VerificationMark
    on_latest = f"{col(vm, 'version')} = {latest}"
    n = f"COUNT(CASE WHEN {col(vm, 'status')}=%s THEN 1 END)"
    r = f"COUNT(CASE WHEN {col(vm, 'status')}=%s THEN 1 END)"
    where = f"{col(vm, 'application')} = %s AND {on_latest}"
    app = dossier_services.APP
    return n, r, vm, where, (Status.VERIFIED.value, Status.PROBLEM.value, app, app)


def carry_fact(q, table, col, latest):
    """n = 已核 marks of earlier versions: each may be carried over to an unchanged item of the latest."""
    vm = VerificationMark
    where = (f"{col(vm, 'application')} = %s AND {col(vm, 'status')} = %s AND {col(vm, 'version')} < {latest}")
    app = dossier_services.APP
    return "COUNT(*)", "0", vm, where, (app, Status.VERIFIED.value, app)


def bans_fact(q, table, col, latest):
    """n = entries of the ban registry for the applicant's ID number (any dates: the full check reads them)."""
    from zhicheng.integrity.models import Ban
    from zhicheng.orgs.models import User

    app_model = dm.Application
    applicant = (f"(SELECT {col(User, 'id_number')} FROM {table(User)} WHERE {q(User._meta.pk.column)} = "  # noqa: S608 - names only
                 f"(SELECT {col(app_model, 'applicant')} FROM {table(app_model)} "
                 f"WHERE {q(app_model._meta.pk.column)} = %s))")
    return "COUNT(*)", "0", Ban, f"{col(Ban, 'id_number')} = {applicant}", (dossier_services.APP,)


def _item_count(facts) -> int:
    """Items of the latest version, from the live counts: valid while the dossier is locked (submitted),
    as `items_of` counts them — a row per item of a multi-item section and per attachment, one per filled
    single section."""
    return sum(n if (section.many or section.key == ATTACHMENTS) else min(n, 1)
               for section in sec.SECTIONS for n in [facts.counts.get(section.key, 0)])


def certainly_incomplete(facts) -> list[str]:
    """From the dossier page's facts, without a query: the guard's refusal when it is certain, else [].

    Certain when there is no version (the guard's own message), when a problem is marked on the latest
    version, or when the latest version's own 已核 marks and every earlier 已核 mark that might be carried
    over together are fewer than its items. Otherwise `certainly_complete` or the full check decides."""
    if facts.last_version == 0:
        return ["该申报尚无提交的版本，无法核实。"]
    marks = facts.extra.get(MARKS_FACT)
    if marks is None:
        return []
    verified, problems = marks
    if problems:
        return ["有材料存在问题，须退回修改后重新核实。"]
    carried = facts.extra.get(CARRY_FACT, (0, 0))[0]
    if verified + carried < _item_count(facts):
        return ["尚有材料未核实。"]
    return []


def certainly_complete(application, facts) -> bool:
    """From the page's facts, without a query: every item of the latest version has its own 已核 mark, none
    a problem, and the ID number has no entry in the ban registry. Only for a submitted (locked) dossier,
    whose live counts are its latest version's."""
    marks = facts.extra.get(MARKS_FACT)
    bans = facts.extra.get(BANS_FACT)
    if application.state != State.SUBMITTED or facts.last_version == 0 or marks is None or bans is None:
        return False
    verified, problems = marks
    return not problems and not bans[0] and verified == _item_count(facts)


def may_verify(actor, application):
    """Only the unit's HR with the dossier in scope (the roles of the `verify` step, its record rules)."""
    return may_act(actor, application, TRANSITIONS["verify"])


def _clean(raw: dict, items: dict[tuple, Item]) -> tuple[tuple, str, str, list[str]]:
    section = str(raw.get("section") or "")
    item_id = raw.get("item_id")
    try:
        item_id = int(item_id) if item_id not in (None, "") else None
    except (TypeError, ValueError):
        item_id = -1
    status = str(raw.get("status") or "")
    note = str(raw.get("note") or "").strip()
    key = (section, item_id)
    errors = []
    item = items.get(key)
    name = item.label if item else f"{sec.BY_KEY[section].label if section in sec.BY_KEY else section}"
    if item is None:
        errors.append(f"“{name}”不是本次提交版本中的材料条目。")
    elif status not in (Status.VERIFIED, Status.PROBLEM, ""):
        errors.append(f"“{name}”的核实结果无效，应为“已核”或“有问题”。")
    elif status == Status.PROBLEM and not note:
        errors.append(f"“{name}”标记为有问题，请填写问题说明。")
    elif any(ord(c) < 32 and c not in "\n\r\t" for c in note):
        errors.append(f"“{name}”的问题说明含有无法识别的控制字符，请删除后重新填写。")
    elif len(note) > NOTE_MAX_CHARS:
        errors.append(f"“{name}”的问题说明不能超过{NOTE_MAX_CHARS}个字（现有{len(note)}个字）。")
    return key, status, note, errors


@transaction.atomic
def set_marks(actor, application, marks: list[dict], *, ip: str | None = None) -> int:
    """Record several marks at once (all or nothing): each {section, item_id, status, note}; status
    "verified" (已核，与原件一致), "problem" (with a note) or "" (clear the mark). Returns how many changed."""
    app = dm.Application.objects.select_for_update(of=("self",)).select_related("unit", "applicant").get(
        pk=application.pk)
    decision = may_verify(actor, app)
    if not decision:
        raise VerificationError(decision.reason or "只有本单位人事可以核实申报材料。", forbidden=True)
    if app.state != State.SUBMITTED:
        raise VerificationError(f"当前状态为“{app.get_state_display()}”，只有待单位审核的申报可以核实。", conflict=True)
    if not marks:
        raise VerificationError("请至少核实一项材料。")
    version, items, existing = checklist(app)
    if version is None:
        raise VerificationError("该申报尚无提交的版本，无法核实。", conflict=True)
    by_key = {i.key: i for i in items}
    cleaned, problems = [], []
    for raw in marks:
        if not isinstance(raw, dict):
            problems.append("核实记录格式不正确。")
            continue
        key, status, note, errors = _clean(raw, by_key)
        problems += errors
        cleaned.append((key, status, note))
    if problems:
        raise VerificationError(problems)
    today, changed, details = timezone.localdate(), 0, []
    for (section, item_id), status, note in cleaned:
        current = existing.get((section, item_id))
        if current is not None and current.version != version.number:  # carried over: a new mark replaces it
            if status == "":
                continue
            current = None
        if status == "":
            if current is not None:
                current.delete()
                existing.pop((section, item_id))
                changed += 1
                details.append({"section": section, "item": item_id, "status": ""})
            continue
        note = note if status == Status.PROBLEM else ""
        if current is not None and (current.status, current.note) == (status, note):
            continue
        if current is None:
            current = VerificationMark(application=app, version=version.number, section=section, item_id=item_id)
        current.status, current.note, current.checked_by, current.checked_on = status, note, actor, today
        current.save()
        existing[(section, item_id)] = current
        changed += 1
        details.append({"section": section, "item": item_id, "status": status, "note": note[:200]})
    if changed:
        record("verification_mark", actor=actor, obj=app, role=decision.assignment.role, organization=app.unit,
               ip=ip, details={"version": version.number, "marks": details[:100], "count": changed})
    return changed


def set_mark(actor, application, *, section: str, item_id: int | None, status: str, note: str = "",
             ip: str | None = None) -> int:
    return set_marks(actor, application, [{"section": section, "item_id": item_id, "status": status,
                                           "note": note}], ip=ip)


@transaction.atomic
def verify(actor, application, *, ip: str | None = None):
    """核实通过: the guard (every item verified, no problem, no ban) runs inside the transition."""
    return transition(application, "verify", actor=actor, ip=ip)


def return_findings(application) -> list[dict]:
    """The problems a return (退回修改) lists at once and keeps on its record (dossier.returns)."""
    if application.state != State.SUBMITTED:
        return []
    return [{"section": p["section"], "item_id": p["item_id"], "label": p["label"], "reason": p["reason"]}
            for p in open_problems(application)]


def verification_note(application) -> str | None:
    """“已核，与原件一致” with the checkers and the date, printed on the 评审表/一览表 once every item of the
    printed (latest) version is verified."""
    version, items, marks = checklist(application)
    if version is None or not items or any(
            i.key not in marks or marks[i.key].status != Status.VERIFIED for i in items):
        return None
    checkers = list(dict.fromkeys(marks[i.key].checked_by.real_name for i in items))
    last = max(marks[i.key].checked_on for i in items)
    return f"已核，与原件一致。核实人：{'、'.join(checkers)}　核实日期：{cn_date(last)}"


def verification_part(application):
    """The registry part of both forms (documents.registry.VERIFICATION): the line, or nothing yet."""
    from zhicheng.documents.registry import Part

    # Both forms ask for the same application object (document_context reads it afresh each time): work it
    # out once; a dossier never submitted has nothing verified and costs no query.
    if "_zc_verification_note" not in application.__dict__:
        application.__dict__["_zc_verification_note"] = (
            verification_note(application) if application.submitted_at else None)
    text = application.__dict__["_zc_verification_note"]
    return Part((text,), title="材料核实：") if text else None
