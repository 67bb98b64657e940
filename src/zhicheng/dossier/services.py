"""Dossier rules (§一, §三(二)). Each function takes the acting user, runs in one transaction and
writes the audit event. Views and the API only call these."""

from __future__ import annotations

import datetime
import hashlib
import json
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Sum
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.codes.models import Level, Parameter, Title, get_param
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
from zhicheng.workflow.services import TransitionError, transition
from zhicheng.workflow.states import State

from . import models as m
from . import receipts
from . import sections as sec
from .forms import limit
from .permissions import APPLICANT_EDITABLE_STATES, can_change_attachment, can_edit_section
from .receipts import create_version


class DossierError(Refusal):
    """A refused dossier action."""


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
    app = m.Application.objects.select_for_update(of=("self",)).select_related("applicant", "unit").get(pk=application.pk)
    _deny_unless(can_edit_section(actor, app, section_key))
    instance = None
    if item_id is not None:
        instance = section.model.objects.filter(application=app, pk=item_id).first()
        if instance is None:
            raise DossierError("要修改的条目不存在。")
    elif not section.many:
        instance = section.model.objects.filter(application=app).first()
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
    app = m.Application.objects.select_for_update(of=("self",)).select_related("unit").get(pk=application.pk)
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
    return m.Draft.objects.filter(application=application, section=section_key, form_key=str(form_key)).first()


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
        app = m.Application.objects.select_for_update(of=("self",)).select_related("unit").get(pk=application.pk)
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
        app = m.Application.objects.select_for_update(of=("self",)).select_related("unit").get(pk=application.pk)
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


@dataclass(frozen=True)
class Facts:
    """What the dossier page and the completeness guard read about one dossier, in one query
    (`dossier_facts`): items per section and copied items still to check, the first work year, the
    years that have an annual assessment, the 个人申报 window, the last version number, open returns, kept
    form drafts and how many years of assessments are asked for (the parameter work_report_years)."""

    counts: dict[str, int]
    reviews: dict[str, int]
    first_work_year: int = 0
    assessed_years: frozenset = frozenset()
    window: tuple = (None, None)
    last_version: int = 0
    open_returns: int = 0
    drafts: int = 0
    report_years: int = 0  # the parameter work_report_years, read in the same query
    extra: dict = field(default_factory=dict)  # key -> (n, r) of the parts other apps add (`register_fact`)
    serial: tuple | None = None  # (day, highest 业务流水号 sequence of that day or 0), read for a submit only


def _section_model(section: sec.Section):
    return {"summary": m.WorkSummary, "attachments": m.Attachment}.get(section.key, section.model)


def _assessment_years(application: m.Application, report_years: int | None = None) -> range:
    """The years whose annual assessment the campaign asks for (before the first work year excepted):
    a 2026 campaign wants 2021–2025, even if submitted in 2027."""
    this_year = application.campaign.year
    years = get_param("work_report_years") if report_years is None else report_years
    return range(this_year - years, this_year)


# Parameter markers of the facts statement, replaced by the request's values.
_APP, _CAMPAIGN, _SERIAL_STEM = object(), object(), object()
APP = _APP  # for `register_fact`
_FACTS_SQL: dict[str, tuple[str, tuple]] = {}  # vendor -> (statement, parameter markers), built once per process
_EXTRA_FACTS: dict[str, object] = {}  # key -> build(q, table, col, latest) -> (n, r, model, where, markers)


def register_fact(key: str, build) -> None:
    """Another app adds one row (two integers, n and r) to the facts statement, read as ``facts.extra[key]``.

    ``build(q, table, col, latest)`` returns ``(n, r, model, where, markers)``: the two aggregate expressions,
    the model whose table is read, the WHERE text and its parameter markers in the order of the ``%s`` in
    ``n``, ``r`` and ``where`` (``APP`` for the application's pk). ``latest`` is the text of a subquery giving
    the application's last version number (one ``%s``: the application). Register in ``ready()``, before the
    statement is first composed."""
    _EXTRA_FACTS[key] = build
    _FACTS_SQL.clear()


def _facts_statement(connection, serial: bool = False) -> tuple[str, tuple]:
    """The facts statement: one UNION ALL of small aggregates over the section tables (rows: key, n, r, d1,
    d2), generated from the section registry. Its text never depends on the application, so it is composed
    once per process (composing 30 ORM subqueries took most of the overview's CPU) and, on PostgreSQL, can be
    prepared once per connection. The same text runs on SQLite and PostgreSQL. With `serial` (a submit) it
    also reads the day's highest 业务流水号 sequence, which `receipts.create_version` would read next."""
    cache_key = f"{connection.vendor}:{'serial' if serial else 'page'}"
    cached = _FACTS_SQL.get(cache_key)
    if cached is not None:
        return cached
    from zhicheng.campaigns.models import CampaignStage

    q = connection.ops.quote_name

    def table(model) -> str:
        return q(model._meta.db_table)

    def col(model, name: str) -> str:
        return q(model._meta.get_field(name).column)

    no_date = "CAST(NULL AS DATE)"
    parts, params = [], []

    def part(key: str, n: str, r: str, d1: str, d2: str, model, where: str, *markers) -> None:
        # Only the registry's keys and quoted table and column names go into the text; values are parameters.
        parts.append(f"SELECT '{key}' AS k, {n} AS n, {r} AS r, {d1} AS d1, {d2} AS d2 FROM {table(model)} "  # noqa: S608
                     f"WHERE {where}")
        params.extend(markers)

    for section in sec.SECTIONS:
        model = _section_model(section)
        part(section.key, "COUNT(*)", f"COALESCE(SUM(CASE WHEN {col(model, 'needs_review')} THEN 1 ELSE 0 END), 0)",
             no_date, no_date, model, f"{col(model, 'application')} = %s", _APP)
    basic = m.BasicInfo
    part("*work_start", "COUNT(*)", "0", f"MIN({col(basic, 'work_start_date')})", no_date, basic,
         f"{col(basic, 'application')} = %s", _APP)
    stage = CampaignStage
    part("*window", "1", "0", col(stage, "starts_on"), col(stage, "ends_on"), stage,
         f"{col(stage, 'campaign')} = %s AND {col(stage, 'stage')} = %s", _CAMPAIGN,
         CampaignStage.Stage.APPLICATION.value)
    version = m.ApplicationVersion
    part("*last_version", f"COALESCE(MAX({col(version, 'number')}), 0)", "0", no_date, no_date, version,
         f"{col(version, 'application')} = %s", _APP)
    ret = m.ReturnRecord
    part("*open_returns", "COUNT(*)", "0", no_date, no_date, ret,
         f"{col(ret, 'application')} = %s AND {col(ret, 'resolved_at')} IS NULL", _APP)
    part("*drafts", "COUNT(*)", "0", no_date, no_date, m.Draft, f"{col(m.Draft, 'application')} = %s", _APP)
    ann = m.AnnualAssessment
    part("*year", col(ann, "year"), "0", no_date, no_date, ann, f"{col(ann, 'application')} = %s", _APP)
    latest = (f"(SELECT MAX({col(version, 'number')}) FROM {table(version)} "  # noqa: S608 (names only)
              f"WHERE {col(version, 'application')} = %s)")
    for key, build in _EXTRA_FACTS.items():
        n, r, model, where, markers = build(q, table, col, latest)
        part(f"+{key}", n, r, no_date, no_date, model, where, *markers)
    param = Parameter
    part("*report_years", f"MAX({col(param, 'value')})", "0", no_date, no_date, param,
         f"{col(param, 'key')} = %s", "work_report_years")
    if serial:
        serial_col = col(version, "serial")
        part("*serial_seq", f"MAX(CAST(SUBSTR({serial_col}, {receipts.STEM_LENGTH + 1}) AS INTEGER))", "0",
             no_date, no_date, version, f"{serial_col} LIKE %s", _SERIAL_STEM)
    _FACTS_SQL[cache_key] = cached = ("\nUNION ALL\n".join(parts), tuple(params))
    return cached


def _as_date(value):
    """A date from the driver: SQLite returns the text of an expression's date (its type is not declared)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def dossier_facts(application: m.Application, serial_day: datetime.date | None = None) -> Facts:
    """Everything `Facts` holds, in one query whatever the number of sections or items; with `serial_day`
    (a submit, under the row lock) also the highest 业务流水号 sequence of that day."""
    connection = connections[router.db_for_read(m.Application)]
    sql, markers = _facts_statement(connection, serial=serial_day is not None)
    values = {_APP: application.pk, _CAMPAIGN: application.campaign_id,
              _SERIAL_STEM: f"{receipts.stem(serial_day)}%" if serial_day else None}
    params = [values.get(p, p) for p in markers]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts, reviews, assessed, extra = {}, {}, set(), {}
    facts: dict = {}
    for key, n, r, d1, d2 in rows:
        if key == "*year":
            assessed.add(int(n))
        elif key == "*work_start":
            facts["work_start"] = _as_date(d1)
        elif key == "*window":
            facts["window"] = (_as_date(d1), _as_date(d2))
        elif key.startswith("+"):
            extra[key[1:]] = (int(n or 0), int(r or 0))
        elif key.startswith("*"):
            facts[key[1:]] = int(n) if n is not None else None
        else:
            counts[key], reviews[key] = int(n or 0), int(r or 0)
    start = facts.get("work_start")
    report_years = facts.get("report_years")
    if report_years is None:  # no row: the parameter's default
        report_years = get_param("work_report_years")
    return Facts(counts={s.key: counts.get(s.key, 0) for s in sec.SECTIONS},
                 reviews={s.key: reviews.get(s.key, 0) for s in sec.SECTIONS},
                 first_work_year=start.year + 1 if start else 0,
                 assessed_years=frozenset(assessed), window=facts.get("window", (None, None)),
                 last_version=facts.get("last_version") or 0, open_returns=facts.get("open_returns") or 0,
                 drafts=facts.get("drafts") or 0, report_years=report_years, extra=extra,
                 serial=(serial_day, facts.get("serial_seq") or 0) if serial_day else None)


def window_problems(application: m.Application, facts: Facts | None = None) -> list[str]:
    """A first submission must fall in the campaign's 个人申报 period; a returned dossier may always come back."""
    from zhicheng.campaigns.models import Campaign
    from zhicheng.campaigns.services import application_window

    if application.state != State.DRAFT:
        return []
    campaign = application.campaign
    if campaign.status != Campaign.Status.OPEN:
        return ["该年度申报已结束或未发布，不能提交。"]
    start, end = facts.window if facts is not None else application_window(campaign)
    today = timezone.localdate()
    if start and today < start:
        return [f"个人申报自{cn_date(start)}开始，尚不能提交。"]
    if end and today > end:
        return [f"个人申报已于{cn_date(end)}截止，不能再提交。如有特殊情况，请联系单位人事。"]
    return []


def missing_items(application: m.Application, counts: dict[str, int] | None = None,
                  facts: Facts | None = None) -> list[str]:
    """Completeness check before submission: every missing item at once."""
    if counts is None:
        counts = facts.counts if facts is not None else section_counts(application)
    problems = []
    for section in sec.SECTIONS:
        if not section.required:
            continue
        if section.key == "current_title" and application.level in (Level.CLERK, Level.ASSISTANT):
            continue  # a first title (初级) has no current title
        if not counts[section.key]:
            problems.append(f"“{section.label}”尚未填写。")
    if counts["assessments"]:
        if facts is not None:
            years = facts.report_years
            have, first = facts.assessed_years, facts.first_work_year
        else:
            years = get_param("work_report_years")
            have = set(m.AnnualAssessment.objects.filter(application=application).values_list("year", flat=True))
            first = _first_work_year(application)
        lacking = [str(y) for y in _assessment_years(application, years) if y >= first and y not in have]
        if lacking:
            problems.append(f"年度考核缺少{'、'.join(lacking)}年度的结果（须填写近{years}年）。")
    return problems


# 逐级申报: the levels in order, each title applied for one above the title held (unless 破格).
LEVEL_ORDER = [Level.CLERK, Level.ASSISTANT, Level.INTERMEDIATE, Level.ASSOCIATE_SENIOR, Level.SENIOR]


def step_by_step_problems(application: m.Application) -> list[str]:
    """逐级申报: the current title, where given as a code, must be one level below the title applied for;
    a 破格 application, a first title and a current title entered as free text only are not checked here."""
    if application.is_exceptional or application.level not in LEVEL_ORDER:
        return []
    wanted = LEVEL_ORDER.index(application.level)
    current = m.CurrentTitle.objects.filter(application=application).select_related("title").first()
    if wanted == 0 or current is None or current.title is None or current.title.level not in LEVEL_ORDER:
        return []
    held = LEVEL_ORDER.index(current.title.level)
    if held == wanted - 1:
        return []
    need = LEVEL_ORDER[wanted - 1].label
    return [f"逐级申报：申报{application.title.name}（{application.get_level_display()}）须现任{need}职称，"
            f"现任{current.title.name}（{current.title.get_level_display()}）。如属破格申报，须按破格条件申报。"]


def _first_work_year(application) -> int:
    start = m.BasicInfo.objects.filter(application=application).values_list("work_start_date", flat=True).first()
    return start.year + 1 if start else 0


def section_counts(application: m.Application) -> dict[str, int]:
    """Items per section: one query per section whatever the number of items."""
    return counts_and_reviews(application)[0]


def counts_and_reviews(application: m.Application) -> tuple[dict[str, int], dict[str, int]]:
    """Items per section, and how many of them are copied items still to be checked (复制自上次申报，请核对):
    one query for all sections (the facts statement), whatever the number of sections or items."""
    facts = dossier_facts(application)
    return facts.counts, facts.reviews


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
    from .returns import findings

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


def display_value(obj, field) -> str:
    value = getattr(obj, field.name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(value, datetime.date):
        return cn_date(value)
    return str(value)


def display_fields(model):
    skip = {"id", "application", "updated_at", "file", "needs_review"}  # the review mark is no content
    return [f for f in model._meta.concrete_fields if f.name not in skip]


def snapshot(application: m.Application, counts: dict[str, int] | None = None) -> dict:
    """The whole dossier as plain data, for versions and diffs. `counts` (items per section, read in the
    same transaction) spares reading the empty sections."""
    out: dict = {"header": {
        "申报人": application.applicant.real_name, "申报系列": application.series.name,
        "申报职称": application.title.name, "申报专业": application.specialty,
        "级别": application.get_level_display(), "破格申报": "是" if application.is_exceptional else "否",
    }}
    singles = _single_items(application, counts) if counts is not None else {}
    for section in sec.SECTIONS:
        rows = []
        if section.key in singles:
            objs = singles[section.key]
        else:
            objs = sec.items(application, section) if counts is None or counts[section.key] else []
        for obj in objs:
            if section.key == "summary":
                rows.append({"id": obj.pk, "fields": {"文件": obj.file.original_name, "字数": str(obj.char_count),
                                                      "SHA-256": obj.file.sha256}})
            elif section.key == "attachments":
                rows.append({"id": obj.pk, "fields": {"所属部分": sec.BY_KEY.get(obj.section, obj).label,
                                                      "说明": obj.description, "文件": obj.file.original_name,
                                                      "SHA-256": obj.file.sha256}})
            else:
                rows.append({"id": obj.pk, "fields": {
                    str(f.verbose_name): display_value(obj, f) for f in display_fields(section.model)}})
        out[section.key] = rows
    return out


# The one-item sections (one-to-one with the application), read together in one query by a snapshot.
_SINGLE_SECTIONS = {"basic": "basic_info", "current_title": "current_title", "achievement": "achievement",
                    "summary": "work_summary"}


_SINGLE_RELATED = tuple(v + ("__file" if k == "summary" else "") for k, v in _SINGLE_SECTIONS.items())


def _singles_loaded(application: m.Application) -> bool:
    """Whether the record was read with every one-item section joined (`_SINGLE_RELATED`)."""
    for key, name in _SINGLE_SECTIONS.items():
        descriptor = getattr(m.Application, name)
        if not descriptor.is_cached(application):
            return False
        if key == "summary":
            summary = descriptor.related.get_cached_value(application, default=None)
            if summary is not None and not type(summary).file.is_cached(summary):
                return False
    return True


def _single_items(application: m.Application, counts: dict[str, int]) -> dict[str, list]:
    """The one-item sections that have their item, each as `sec.items` gives it, in one query (a join per
    section) instead of one query each; {} when fewer than two have one (then nothing is saved)."""
    filled = [key for key in _SINGLE_SECTIONS if counts[key]]
    if len(filled) < 2:
        return {}
    if _singles_loaded(application):  # submit's lock read joined them
        row = application
    else:
        related = [_SINGLE_SECTIONS[k] + ("__file" if k == "summary" else "") for k in filled]
        row = m.Application.objects.filter(pk=application.pk).select_related(*related).first()
    out = {}
    for key in filled:
        try:
            out[key] = [getattr(row, _SINGLE_SECTIONS[key])] if row is not None else []
        except ObjectDoesNotExist:
            out[key] = []
    return out


def fingerprint(snap: dict) -> str:
    """The short check code of a version printed on the paper forms: the first 12 hex digits of the SHA-256
    of the snapshot as canonical JSON (keys sorted, UTF-8, ``json.dumps`` default separators)."""
    data = json.dumps(snap, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()[:12]


def diff(old: dict, new: dict) -> list[dict]:
    """Differences between two snapshots: per section, items added, removed and fields changed."""
    changes = []
    keys = ["header"] + [s.key for s in sec.SECTIONS]
    for key in keys:
        label = "申报信息" if key == "header" else sec.BY_KEY[key].label
        if key == "header":
            a, b = old.get(key, {}), new.get(key, {})
            for field in sorted(set(a) | set(b)):
                if a.get(field) != b.get(field):
                    changes.append({"section": label, "kind": "修改", "field": field,
                                    "old": a.get(field, ""), "new": b.get(field, "")})
            continue
        olds = {r["id"]: r["fields"] for r in old.get(key, [])}
        news = {r["id"]: r["fields"] for r in new.get(key, [])}
        for item_id, fields in news.items():
            if item_id not in olds:
                changes.append({"section": label, "kind": "新增", "field": "",
                                "old": "", "new": "；".join(f"{k}：{v}" for k, v in fields.items() if v)})
            else:
                for field, value in fields.items():
                    if olds[item_id].get(field) != value:
                        changes.append({"section": label, "kind": "修改", "field": field,
                                        "old": olds[item_id].get(field, ""), "new": value})
        for item_id, fields in olds.items():
            if item_id not in news:
                changes.append({"section": label, "kind": "删除", "field": "",
                                "old": "；".join(f"{k}：{v}" for k, v in fields.items() if v), "new": ""})
    return changes


def is_locked(application: m.Application) -> bool:
    return application.state not in APPLICANT_EDITABLE_STATES

