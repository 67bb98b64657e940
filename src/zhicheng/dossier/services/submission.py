"""Submitting and returning a dossier (§二(一)): `submit` (提交单位审核) keeps a version, `return_to_applicant`
and `open_for_correction` reopen sections with a kept record. `SUBMITTING_ON` is read by the guards' facts."""

from __future__ import annotations

import datetime
from contextvars import ContextVar

from django.db import transaction
from django.utils import timezone

from zhicheng.workflow.services import TransitionError, transition

from .. import models as m
from .. import sections as sec
from ..receipts import create_version
from .facts import Facts, dossier_facts
from .snapshots import _SINGLE_RELATED, snapshot

# Set by `submit` while its transition runs: the day whose 业务流水号 the guard's facts read (else None).
SUBMITTING_ON: ContextVar[datetime.date | None] = ContextVar("zhicheng_submitting_on", default=None)


@transaction.atomic
def submit(actor, application: m.Application, *, ip: str | None = None) -> m.Application:
    """提交单位审核: completeness guard, lock, keep the version; an open return is resolved by it."""
    # The one-item sections are joined to the lock read (every edit locks the row first, so they are what
    # the snapshot would read later): `_single_items` then needs no query of its own.
    token = SUBMITTING_ON.set(timezone.localdate())  # the guard's facts read the day's last 业务流水号 too
    try:
        app = transition(application, "submit", actor=actor, ip=ip,
                         updates={"submitted_at": timezone.now(), "reopened_sections": []},
                         lock_related=_SINGLE_RELATED)
    finally:
        SUBMITTING_ON.reset(token)
    # The completeness guard read the dossier's facts under the row lock (dossier_complete keeps them on
    # the locked record): the version number, the sections to copy and what is left to tidy come from them.
    facts = getattr(app, "_zc_facts", None) or dossier_facts(app)
    keep_version(app, actor, facts, at=app.submitted_at)
    return app


def keep_version(app: m.Application, actor, facts: Facts, *, at, snap: dict | None = None) -> m.ApplicationVersion:
    """After a submitting step (提交单位审核, §三 网上申报): keep the next version (its snapshot, `snap` if the
    step already took it), resolve the open returns with it and drop the kept form drafts."""
    number = facts.last_version + 1
    version = create_version(app, number=number, snapshot=snap if snap is not None else snapshot(app, facts.counts),
                             actor=actor, last_serial=facts.serial)
    if facts.open_returns:
        m.ReturnRecord.objects.filter(application=app, resolved_at__isnull=True).update(
            resolved_at=at, resolved_version=number)
    if facts.drafts:
        m.Draft.objects.filter(application=app).delete()
    return version


@transaction.atomic
def return_to_applicant(actor, application: m.Application, *, reason: str, sections: list[str],
                        ip: str | None = None) -> m.Application:
    """Unit HR returns the dossier with a reason and the sections to reopen; the return is kept as a record."""
    valid = {k for k, _ in sec.RETURN_CHOICES}
    bad = [s for s in sections if s not in valid]
    if bad:
        raise TransitionError(f"未知的材料部分：{'、'.join(bad)}")
    if not sections:
        raise TransitionError("请至少选择一个允许修改的部分。")
    reopened = [sec.ALL] if sec.ALL in sections else list(dict.fromkeys(sections))
    from ..returns import findings

    items = [{"section": i.get("section", ""), "reason": f"{i['label']}：{i['reason']}" if i.get("label") else
              i.get("reason", ""), **({"item_id": i["item_id"]} if i.get("item_id") is not None else {})}
             for i in findings(application)]  # the problems recorded (材料核实), kept with the return
    app = transition(application, "return", actor=actor, ip=ip, reason=reason, sections=reopened)
    open_for_correction(actor, app, stage="§二(一)", action="return", reason=reason, sections=reopened,
                        items=items)
    return app


def open_for_correction(actor, app: m.Application, *, stage: str, action: str, reason: str,
                        sections: list[str], items: list[dict] | None = None, deadline=None) -> m.ReturnRecord:
    """Reopen sections of a dossier for correction and keep the record (called inside the stage's step,
    after its transition). Later stages' returns (预审一次性告知, 组建单位审查) use the same function."""
    app.reopened_sections = list(sections)
    app.return_reason = reason.strip()
    app.save(update_fields=["reopened_sections", "return_reason", "updated_at"])
    return m.ReturnRecord.objects.create(application=app, stage=stage, action=action, reason=reason.strip(),
                                         sections=list(sections), items=items or [], deadline=deadline,
                                         created_by=actor)
