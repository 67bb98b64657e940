"""Dossier editing (§一): start an application, save and delete items, drafts, uploads within the storage
quota. Each function takes the acting user, runs in one transaction and writes the audit event."""

from __future__ import annotations

from django.db import IntegrityError, router, transaction
from django.db.models import Sum
from django.utils import timezone

from zhicheng import querycache
from zhicheng.audit.services import record
from zhicheng.codes.models import Title, get_param
from zhicheng.errors import Refusal
from zhicheng.files.services import (
    UploadError,
    check_upload,
    discard,
    format_mb,
    kept_only_if_committed,
    store,
    validate_upload,
)
from zhicheng.http import int_param
from zhicheng.integrity.services import ban_problems
from zhicheng.orgs.models import User
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import assignments
from zhicheng.workdays.formats import cn_date

from .. import models as m
from .. import sections as sec
from ..forms import limit
from ..permissions import APPLICANT_EDITABLE_STATES, can_change_attachment, can_edit_section


class DossierError(Refusal):
    """A refused dossier action."""


def locked(application: m.Application, *related: str) -> m.Application:
    """The application's row again, locked until the transaction ends, with `related` rows joined. Every save
    takes it first: the statement (FOR UPDATE OF the application) is composed once per thread, not per save."""
    if not transaction.get_connection(router.db_for_write(m.Application)).in_atomic_block:
        # the ORM says so when it composes the statement; the composed statement is reused without asking
        raise transaction.TransactionManagementError("select_for_update cannot be used outside of a transaction.")
    rows = querycache.fetch(("dossier.locked", related), lambda pk: m.Application.objects.select_for_update(
        of=("self",)).select_related(*related).filter(pk=pk), application.pk)
    if not rows:
        raise m.Application.DoesNotExist("申报不存在。")
    return rows[0]


def first_item(section: sec.Section, application_id: int):
    """The one item of a single section (the lowest id, as `.first()`), or None; composed once per thread."""
    rows = querycache.fetch(("dossier.first_item", section.key), lambda a: section.model.objects.filter(
        application_id=a).order_by("pk")[:1], application_id)
    return rows[0] if rows else None


def _deny_unless(decision) -> None:
    if not decision:
        raise DossierError(decision.reason, forbidden=True)


@transaction.atomic
def start_application(actor, *, campaign, title: Title, specialty: str, is_exceptional: bool = False,
                      ip: str | None = None) -> m.Application:
    from zhicheng.campaigns.models import Campaign

    if not any(a.role == Role.APPLICANT and a.organization_id == campaign.unit_id for a in assignments(actor)):
        raise DossierError("您不是该单位的专业技术人员，不能在此年度申报中申报。", forbidden=True)
    problems = []
    if campaign.status != Campaign.Status.OPEN:
        problems.append("该年度申报未开放。")
    else:
        from zhicheng.campaigns.services import application_window

        _start, end = application_window(campaign)
        if end and timezone.localdate() > end:
            problems.append(f"个人申报已于{cn_date(end)}截止。")
    if len((specialty or "").strip()) > 50:
        problems.append("申报专业不超过50个字。")
    if not campaign.open_titles.filter(pk=title.pk).exists():
        problems.append(f"本年度申报未开放“{title.name}”。")
    if not (specialty or "").strip():
        problems.append("请填写申报专业。")
    # One application per person per year, across units and campaigns; the person's row is locked so two
    # starts at once in two units cannot both pass (a person may be an applicant in two units).
    User.objects.select_for_update().filter(pk=actor.pk).first()
    existing = same_year_application(actor, campaign.year)
    if existing is not None:
        problems.append(one_per_year_message(existing, campaign.year))
    problems += ban_problems(actor.id_number)  # 禁申 (integrity registry, shared across units)
    if campaign.panel_members.filter(user=actor).exists():
        problems.append("您是本年度推荐组织成员，须回避，不能申报；如需申报，请联系单位人事调整推荐组织。")
    if problems:
        raise DossierError(problems)
    try:
        with transaction.atomic():
            app = m.Application.objects.create(
                applicant=actor, campaign=campaign, unit=campaign.unit, series=title.series, title=title,
                level=title.level, specialty=specialty.strip(), is_exceptional=is_exceptional,
            )
    except IntegrityError:
        raise DossierError("您在本年度申报中已有一份申报，不能重复申报。") from None  # a race the lock missed
    record("application_start", actor=actor, obj=app, role=Role.APPLICANT, organization=campaign.unit, ip=ip,
           to_state=app.state, details={"title": title.code})
    return app


def same_year_application(person, year: int) -> m.Application | None:
    """The person's application of `year` in any unit and any campaign (withdrawn ones included: the year's
    one application was used), or None."""
    return (m.Application.objects.filter(applicant=person, campaign__year=year)
            .select_related("unit", "title").order_by("created_at", "id").first())


def one_per_year_message(existing: m.Application, year: int) -> str:
    """Names the existing application's unit and title, so the person knows where to look."""
    return (f"每人每年度只能申报一次。您{year}年度已有一份申报，不能重复申报："
            f"{existing.unit.name} · {existing.title.name}（{existing.get_state_display()}）。")


def _form_errors(form) -> dict[str, list[str]]:
    return {name: [str(e) for e in errs] for name, errs in form.errors.items()}


@transaction.atomic
def save_item(actor, application: m.Application, section_key: str, data: dict, *, item_id: int | None = None,
              ip: str | None = None):
    """Validate and save one item of a section. Raises DossierError listing every field problem."""
    section = sec.get(section_key)
    if section.form is None:
        raise DossierError(f"“{section.label}”须上传文件，不能直接填写。")
    app = locked(application, "applicant", "unit")
    _deny_unless(can_edit_section(actor, app, section_key))
    instance = None
    if item_id is not None:
        instance = section.model.objects.filter(application=app, pk=item_id).first()
        if instance is None:
            raise DossierError("要修改的条目不存在。")
    elif not section.many:
        instance = first_item(section, app.pk)
    else:  # counted under the application's row lock: two concurrent saves cannot both pass
        most = limit("section_max_items")
        if section.model.objects.filter(application=app).count() >= most:
            raise DossierError(f"“{section.label}”最多填写{most}条，已达上限，不能再新增。")
    form = section.form(data, instance=instance, application=app)
    if not form.is_valid():
        raise DossierError("请按提示修改后再保存。", fields=_form_errors(form))
    obj = form.save(commit=False)
    obj.application = app
    obj.needs_review = False  # saved by the applicant: a copied item has been checked
    obj.save()
    m.Draft.objects.filter(application=app, section=section_key,
                          form_key__in=["new", str(obj.pk)] if item_id is None else [str(obj.pk)]).delete()
    record("section_save", actor=actor, obj=app, role=Role.APPLICANT, organization=app.unit, ip=ip,
           details={"section": section_key, "item": obj.pk})
    return obj


@transaction.atomic
def delete_item(actor, application: m.Application, section_key: str, item_id: int, *, ip: str | None = None):
    """Delete one item (and the proofs attached to it); their files leave storage once this commits."""
    section = sec.get(section_key)
    app = locked(application, "unit")
    if section.key == "attachments":
        att = m.Attachment.objects.filter(application=app, pk=item_id).first()
        _deny_unless(can_change_attachment(actor, app, att.section if att else "attachments"))
        proofs = m.Attachment.objects.filter(application=app, pk=item_id)
        file_ids = list(proofs.values_list("file_id", flat=True))
        deleted, _ = proofs.delete()
    elif section.model is not None:
        _deny_unless(can_edit_section(actor, app, section_key))
        deleted, _ = section.model.objects.filter(application=app, pk=item_id).delete()
        proofs = m.Attachment.objects.filter(application=app, section=section_key, item_id=item_id)
        file_ids = list(proofs.values_list("file_id", flat=True))
        proofs.delete()
    else:
        raise DossierError(f"“{section.label}”不能按条目删除，请重新上传。")
    if not deleted:
        raise DossierError("要删除的条目不存在。")
    discard(file_ids)
    record("section_delete", actor=actor, obj=app, role=Role.APPLICANT, organization=app.unit, ip=ip,
           details={"section": section_key, "item": item_id, "files": file_ids})


def save_draft(actor, application: m.Application, section_key: str, form_key: str, data: dict) -> m.Draft:
    """Autosave what is being typed. Not audited (it is not a decision), but still permission-checked."""
    sec.get(section_key)
    _deny_unless(can_edit_section(actor, application, section_key))
    if form_key != "new" and not int_param(form_key):
        raise DossierError("草稿标识无效。")
    clean = {str(k)[:50]: str(v)[:5000] for k, v in list(data.items())[:60] if k != "csrfmiddlewaretoken"}
    draft, _ = m.Draft.objects.update_or_create(
        application=application, section=section_key, form_key=str(form_key)[:30], defaults={"data": clean}
    )
    return draft


def get_draft(application: m.Application, section_key: str, form_key: str) -> m.Draft | None:
    rows = querycache.fetch(("dossier.draft",), lambda a, s, k: m.Draft.objects.filter(
        application_id=a, section=s, form_key=k).order_by("pk")[:1], application.pk, section_key, str(form_key))
    return rows[0] if rows else None


def storage_usage(application: m.Application) -> dict:
    """Bytes the application's files take (work summary and every proof) against its quota (a parameter)."""
    used = sum(model.objects.filter(application=application).aggregate(s=Sum("file__size"))["s"] or 0
               for model in (m.Attachment, m.WorkSummary))
    limit = get_param("application_storage_mb") * 1024 * 1024
    return {"used": used, "limit": limit, "remaining": max(0, limit - used), "used_mb": format_mb(used),
            "limit_mb": format_mb(limit), "remaining_mb": format_mb(max(0, limit - used))}


def _check_quota(application: m.Application, size: int, *, freed: int = 0) -> None:
    """Refuse a file that would take the application past its storage quota (`freed`: a file it replaces)."""
    usage = storage_usage(application)
    if usage["used"] - freed + size > usage["limit"]:
        msg = (f"本申报的材料总量上限为 {usage['limit_mb']} MB（工作总结与全部证明材料合计），已使用 "
               f"{format_mb(usage['used'] - freed)} MB，剩余 {format_mb(max(0, usage['limit'] - usage['used'] + freed))}"
               f" MB；该文件 {format_mb(size)} MB，超出剩余空间。请删除不再需要的材料或压缩后再上传。")
        raise DossierError(msg, fields={"file": [msg]})


def attach_file(actor, application: m.Application, uploaded, *, section_key: str, item_id: int | None = None,
                description: str = "", ip: str | None = None) -> m.Attachment:
    """A proof attached to a section (or one item of it); checked by content; PDF/JPG/PNG.

    The file is checked before any lock is taken (parsing a 10 MB PDF must not hold up others), then the
    permission is checked again under the row lock; a file stored by a step that then fails is removed.
    """
    section = sec.get(section_key)
    _deny_unless(can_change_attachment(actor, application, section_key))
    if item_id is not None and (section.model is None or item_id < 1 or not section.model.objects.filter(
            application=application, pk=item_id).exists()):
        raise DossierError("要关联的条目不存在。")
    _check_quota(application, uploaded.size)  # before parsing: no work for a file that cannot be kept
    try:
        kind = validate_upload(uploaded)
    except UploadError as exc:
        raise DossierError(str(exc), fields={"file": [str(exc)]}) from None
    with transaction.atomic(), kept_only_if_committed() as keep:
        app = locked(application, "unit")
        _deny_unless(can_change_attachment(actor, app, section_key))
        _check_quota(app, uploaded.size)  # again under the lock: two uploads at once cannot both slip in
        stored = keep(store(uploaded, kind, actor=actor))
        att = m.Attachment.objects.create(application=app, section=section_key, item_id=item_id,
                                          description=(description or "")[:200], file=stored)
        record("attachment_add", actor=actor, obj=app, role=Role.APPLICANT, organization=app.unit, ip=ip,
               details={"section": section_key, "item": item_id, "file": stored.pk, "size": stored.size})
    return att


def upload_work_summary(actor, application: m.Application, uploaded, *, ip: str | None = None) -> m.WorkSummary:
    """工作总结: a PDF whose extracted text has about 800 Chinese characters (band is a parameter)."""
    _deny_unless(can_edit_section(actor, application, "summary"))
    try:
        chars = check_upload(uploaded, allowed=("pdf",), count_chars=True).chinese_chars
    except UploadError as exc:
        raise DossierError(str(exc), fields={"file": [str(exc)]}) from None
    low, high = get_param("summary_min_chars"), get_param("summary_max_chars")
    if chars == 0:
        msg = "未能从该PDF中提取到文字，可能是扫描件或图片。工作总结须为含文字的PDF（由Word等软件直接导出）。"
        raise DossierError(msg, fields={"file": [msg]})
    if not (low <= chars <= high):
        msg = f"工作总结约{chars}字，要求{low}–{high}字（800字左右），请修改后重新上传。"
        raise DossierError(msg, fields={"file": [msg]})
    with transaction.atomic(), kept_only_if_committed() as keep:
        app = locked(application, "unit")
        _deny_unless(can_edit_section(actor, app, "summary"))
        old = m.WorkSummary.objects.filter(application=app).values_list("file_id", "file__size").first()
        _check_quota(app, uploaded.size, freed=old[1] if old else 0)
        stored = keep(store(uploaded, "pdf", actor=actor))
        summary, _ = m.WorkSummary.objects.update_or_create(application=app,
                                                            defaults={"file": stored, "char_count": chars})
        if old:
            discard([old[0]])  # the replaced summary leaves storage once this commits
        record("work_summary_upload", actor=actor, obj=app, role=Role.APPLICANT, organization=app.unit, ip=ip,
               details={"chars": chars, "file": stored.pk, "replaced": old[0] if old else None})
    return summary


def is_locked(application: m.Application) -> bool:
    return application.state not in APPLICANT_EDITABLE_STATES
