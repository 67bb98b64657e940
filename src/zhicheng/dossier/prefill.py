"""复制上次申报信息: prefill a new dossier from the same person's most recent earlier application.

What is copied: the items of every section the applicant types (基本信息 … 继续教育), into the sections of
the new dossier that are still empty. What is not: files (工作总结, 证明材料) — a proof belongs to the
application it was checked for. Every copied item carries `needs_review` and is shown as
“复制自上次申报，请核对” until the applicant saves it (`services.save_item` clears the mark).
"""

from __future__ import annotations

from django.db import transaction

from zhicheng import querycache
from zhicheng.audit.services import record
from zhicheng.orgs.roles import Role
from zhicheng.workflow.states import State

from . import models as m
from . import sections as sec
from .permissions import is_owner
from .services import DossierError, locked

COPIED_SECTIONS = [s for s in sec.SECTIONS if s.model is not None and s.form is not None]


_PERSONS = m.Application.objects.select_related("unit", "title", "campaign").order_by("-created_at", "-id")


def previous_application(application: m.Application) -> m.Application | None:
    """The same person's most recent application started before this one (any unit, any year), or None."""
    # A person has one application a year: read them all (statement compiled once), choose here.
    mine = querycache.fetch(("dossier.persons_applications",), lambda a: _PERSONS.filter(applicant_id=a),
                            application.applicant_id)
    return next((a for a in mine if a.pk != application.pk and a.created_at <= application.created_at), None)


def offer(application: m.Application, counts: dict[str, int], facts=None) -> m.Application | None:
    """The application to copy from, if copying would fill at least one of this dossier's empty sections
    (`counts`: items per section, as `services.section_counts` gives them); else None. With the dossier's
    `facts`, a person with no other application (most of them) costs no query."""
    empty = [s for s in COPIED_SECTIONS if not counts.get(s.key)]
    if application.state != State.DRAFT or not empty:
        return None
    if facts is not None and not facts.other_applications:
        return None
    source = previous_application(application)
    if source is None or not any(s.model.objects.filter(application=source).exists() for s in empty):
        return None
    return source


@transaction.atomic
def copy_previous(actor, application: m.Application, *, ip: str | None = None) -> dict[str, int]:
    """Copy the previous application's section items into the empty sections of `application`, each marked
    for review. Returns the number of items copied per section key. Only the applicant, only a draft."""
    app = locked(application, "unit")
    owner = is_owner(actor, app)
    if not owner:
        raise DossierError(owner.reason, forbidden=True)
    if app.state != State.DRAFT:
        raise DossierError("只有填写中的申报可以复制上次申报信息。", conflict=True)
    source = previous_application(app)
    if source is None:
        raise DossierError("您没有以前的申报，无可复制的信息。")
    copied: dict[str, int] = {}
    for section in COPIED_SECTIONS:
        model = section.model
        if model.objects.filter(application=app).exists():
            continue  # what the applicant already typed is never overwritten or doubled
        items = list(model.objects.filter(application=source).order_by("id"))
        for item in items:
            item.pk = None
            item._state.adding = True
            item.application = app
            item.needs_review = True
        model.objects.bulk_create(items)
        if items:
            copied[section.key] = len(items)
    if not copied:
        raise DossierError("没有可复制的内容：上次申报中有内容的部分，本次申报都已填写。")
    record("application_prefill", actor=actor, obj=app, role=Role.APPLICANT, organization=app.unit, ip=ip,
           details={"from": source.pk, "sections": copied})
    return copied
