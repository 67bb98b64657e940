"""推荐上报: what each application still lacks (readiness, the guard of ``unit_submit``); unit HR submits ready
applications as one batch (`transition_many`) with a generated roster (花名册); or records the outcome of a §二
run on paper (``record_paper_outcome``), entries with or without an application in the system."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.campaigns.models import CampaignStage
from zhicheng.codes.models import Title, get_param
from zhicheng.documents import xlsx
from zhicheng.dossier import models as dm
from zhicheng.dossier.services import fingerprint
from zhicheng.files import services as files
from zhicheng.files.models import StoredFile
from zhicheng.orgs.validators import normalize_id_number, validate_id_number
from zhicheng.publicity import services as publicity
from zhicheng.publicity.models import NoticeEntry
from zhicheng.workdays.formats import cn_date
from zhicheng.workdays.services import UnknownYearError, working_days_between
from zhicheng.workflow.services import transition_many
from zhicheng.workflow.states import TRANSITIONS, State

from .. import permissions as perms
from ..models import Pledge, SubmissionEntry, UnitOpinion, UnitSubmission
from .common import SubmissionError, _deny
from .opinion import default_responsible, opinion_texts
from .pledge import PLEDGE_STATES

CHANGED_AFTER_NOTICE = "材料在公示后有变动，须重新公示。"
PAPER_SOURCES = TRANSITIONS["record_paper_outcome"].sources
# The states the submission page lists: from the unit's verification to the submission upward.
PAGE_STATES = sorted(PLEDGE_STATES)


def _open_objection_ids(ids) -> set[int]:
    """Applications with an objection not yet settled (the publicity app owns objections)."""
    return publicity.open_objection_application_ids(ids)


# --------------------------------------------------------------------------- readiness

@dataclass
class Readiness:
    application: dm.Application
    problems: list[str] = field(default_factory=list)
    opinion: UnitOpinion | None = None
    pledge: Pledge | None = None
    notice: object | None = None
    version: tuple[int, str] | None = None

    @property
    def ready(self) -> bool:
        return not self.problems


def readiness(applications) -> list[Readiness]:
    """What each application still lacks before it can be submitted upward (the guard of unit_submit, and
    the submission page for many at once: a fixed number of queries whatever the count)."""
    apps = list(applications)
    ids = [a.pk for a in apps]
    if not ids:
        return []
    entries: dict[int, NoticeEntry] = {}
    for e in (NoticeEntry.objects.filter(application_id__in=ids, passed_at__isnull=False)
              .select_related("notice").order_by("application_id", "-notice__ends_on", "-passed_at", "-notice_id")):
        entries.setdefault(e.application_id, e)
    opinions = {(o.application_id, o.notice_id): o for o in UnitOpinion.objects.filter(application_id__in=ids)}
    pledges = {p.application_id: p for p in Pledge.objects.filter(application_id__in=ids).select_related("leader")}
    latest = dm.ApplicationVersion.objects.filter(application=OuterRef("application")).order_by("-number")
    versions = {v.application_id: (v.number, fingerprint(v.snapshot)) for v in dm.ApplicationVersion.objects.filter(
        application_id__in=ids, number=Subquery(latest.values("number")[:1])).only("application_id", "number",
                                                                                  "snapshot")}
    objections = _open_objection_ids(ids)
    leader_name = None
    out = []
    for app in apps:
        r = Readiness(app, pledge=pledges.get(app.pk), version=versions.get(app.pk))
        entry = entries.get(app.pk)
        if app.state != State.NOTICE_PASSED:
            r.problems.append(f"当前状态为“{app.get_state_display()}”，公示期满无异议后才能上报。")
        if entry is None:
            r.problems.append("没有已结束的公示记录。")
        else:
            r.notice = entry.notice
            if r.version is None or (entry.version_number, entry.fingerprint) != r.version:
                r.problems.append(CHANGED_AFTER_NOTICE)
            r.opinion = opinions.get((app.pk, entry.notice_id))
            if r.opinion is None:
                if leader_name is None:
                    leader_name = default_responsible(app.unit_id)
                review, roster = opinion_texts(app.applicant.real_name, entry.notice)
                r.opinion = UnitOpinion(application=app, notice=entry.notice, review_text=review,
                                        roster_text=roster, responsible_person=leader_name,
                                        opinion_date=timezone.localdate())
            if not r.opinion.signed:
                r.problems.append("单位意见尚未签署。")
        number = r.version[0] if r.version else None
        if r.pledge is None or r.pledge.applicant_version is None or r.pledge.applicant_version != number:
            r.problems.append("申报人尚未确认真实性承诺书。")
        if r.pledge is None or r.pledge.leader_version is None or r.pledge.leader_version != number:
            r.problems.append("单位领导尚未确认真实性承诺书。")
        if app.pk in objections:
            r.problems.append("存在尚未处理完毕的异议，不能上报。")
        out.append(r)
    return out


def guard_unit_submit(application, actor, details) -> list[str]:
    app = dm.Application.objects.select_related("applicant").get(pk=application.pk)
    return readiness([app])[0].problems


def guard_paper_outcome(application, actor, details) -> list[str]:
    sub_id = details.get("paper_submission")
    if not sub_id or not SubmissionEntry.objects.filter(
            submission_id=sub_id, submission__kind=UnitSubmission.Kind.PAPER, application_id=application.pk).exists():
        return ["须先登记线下审核推荐结果（排名表、公示、单位意见的扫描件及推荐名单）。"]
    return []


# --------------------------------------------------------------------------- roster (花名册)

ROSTER_COLUMNS = [("序号", 6), ("姓名", 10), ("性别", 6), ("身份证号", 22), ("工作单位", 28), ("申报系列", 14),
                  ("申报专业", 16), ("申报职称", 16), ("级别", 8), ("上报版本", 10), ("材料校验码", 16), ("来源", 10)]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def gender_from_id(id_number: str) -> str:
    """GB 11643: the 17th digit is odd for men, even for women."""
    return ("男" if int(id_number[16]) % 2 else "女") if len(id_number) == 18 and id_number[16].isdigit() else ""


def roster_rows(submission: UnitSubmission) -> list[list]:
    """One row per entry. The roster is an official transmission to the office (seed §三(一): the office
    creates each person's real-name account from it), like the 评审表/一览表 it prints the ID number in
    full; screens and the API show it masked, and only the unit and the offices above it can download it."""
    unit = submission.unit.name
    return [[e.order, e.name, e.gender, e.id_number, unit, e.title.series.name, e.specialty, e.title.name,
             e.get_level_display(), f"第{e.version_number}版" if e.version_number else "",
             e.fingerprint, "系统" if e.application_id else "线下"]
            for e in submission.entries.select_related("title__series").order_by("order", "id")]


def roster_xlsx(submission: UnitSubmission) -> bytes:
    return xlsx.workbook("花名册", [h for h, _ in ROSTER_COLUMNS], roster_rows(submission),
                         [w for _, w in ROSTER_COLUMNS])


def roster_name(submission: UnitSubmission) -> str:
    return f"花名册-{submission.unit.name}-{submission.campaign.year}年度-{submission.pk}.xlsx"


def _store_roster(submission: UnitSubmission, actor, keep) -> StoredFile:
    data = roster_xlsx(submission)
    stored = StoredFile(original_name=roster_name(submission), kind="xlsx", size=len(data),
                        sha256=hashlib.sha256(data).hexdigest(), uploaded_by=actor)
    stored.file.save(f"{uuid.uuid4().hex}.xlsx", ContentFile(data), save=False)
    stored.save()
    return keep(stored)


def _entry_for(app: dm.Application, order: int, version: tuple[int, str] | None) -> SubmissionEntry:
    person = app.applicant
    return SubmissionEntry(application=app, order=order, name=person.real_name, id_number=person.id_number or "",
                           gender=person.get_gender_display() if person.gender else gender_from_id(
                               person.id_number or ""),
                           title=app.title, level=app.level, specialty=app.specialty,
                           version_number=version[0] if version else None, fingerprint=version[1] if version else "")


# --------------------------------------------------------------------------- online submission

def campaign_applications(campaign):
    return (dm.Application.objects.filter(campaign=campaign, unit_id=campaign.unit_id)
            .select_related("applicant", "title__series", "unit"))


def submit_batch(actor, campaign, applications, *, ip: str | None = None) -> UnitSubmission:
    """推荐上报: the chosen applications move to 单位已推荐上报 together (all or nothing, every refusal
    named), and the batch is kept with its roster."""
    hr = perms.is_unit_hr(actor, campaign.unit_id)
    _deny(hr)
    apps = list(applications)
    if not apps:
        raise SubmissionError("请至少选择一名拟上报人员。", {"applications": ["请至少选择一名拟上报人员。"]})
    strangers = [a for a in apps if a.campaign_id != campaign.pk or a.unit_id != campaign.unit_id]
    if strangers:
        raise SubmissionError("所选申报不属于本年度申报或本单位。")
    with files.kept_only_if_committed() as keep, transaction.atomic():
        moved = transition_many(apps, "unit_submit", actor=actor, ip=ip)
        ids = [a.pk for a in moved]
        fresh = {a.pk: a for a in campaign_applications(campaign).filter(pk__in=ids)}
        versions = {r.application.pk: r.version for r in readiness([fresh[i] for i in ids])}
        sub = UnitSubmission.objects.create(campaign=campaign, unit_id=campaign.unit_id, submitted_by=actor,
                                            kind=UnitSubmission.Kind.ONLINE)
        rows = [_entry_for(fresh[i], n, versions.get(i)) for n, i in enumerate(ids, 1)]
        for row in rows:
            row.submission = sub
        SubmissionEntry.objects.bulk_create(rows)
        sub.roster = _store_roster(sub, actor, keep)
        sub.save(update_fields=["roster"])
        record("unit_submission", actor=actor, obj=sub, ip=ip, role=hr.assignment.role,
               organization=hr.assignment.organization, details={"kind": sub.kind, "entries": len(ids)})
    return sub


# --------------------------------------------------------------------------- paper path

def required_notice_days(campaign) -> int:
    """The campaign's notice length, never fewer than the province's minimum (notice_working_days)."""
    planned = campaign.stages.filter(stage=CampaignStage.Stage.NOTICE).values_list("working_days", flat=True).first()
    return max(get_param("notice_working_days"), planned or 0)


@dataclass
class PaperPerson:
    name: str
    id_number: str
    title_code: str
    specialty: str


def _person_problems(i: int, p: PaperPerson, titles: dict) -> list[str]:
    where = f"第{i}位线下人员"
    out = []
    if not p.name.strip():
        out.append(f"{where}：请填写姓名。")
    elif len(p.name.strip()) > 50:
        out.append(f"{where}：姓名不超过50字。")
    try:
        validate_id_number(p.id_number)
    except ValidationError as exc:
        out.append(f"{where}（{p.name.strip()[:50]}）：{exc.messages[0]}")
    if p.title_code not in titles:
        out.append(f"{where}（{p.name.strip()[:50]}）：申报职称须为本年度开放申报的职称。")
    if not p.specialty.strip():
        out.append(f"{where}（{p.name.strip()[:50]}）：请填写申报专业。")
    elif len(p.specialty.strip()) > 100:
        out.append(f"{where}：申报专业不超过100字。")
    return out


def record_paper_outcome(actor, campaign, *, ranking_scan, notice_scan, opinion_scan,
                         notice_starts_on: datetime.date | None, notice_ends_on: datetime.date | None,
                         opinion_text: str = "", application_ids=(), people: list[PaperPerson] = (),
                         ip: str | None = None) -> UnitSubmission:
    """登记线下审核推荐结果并上报: the unit ran §二 on paper; HR records the ranking sheet, the notice and the
    unit opinion (scans), the notice dates and the recommended list — applications of this campaign in a §二
    state, and people with no application here — and the office receives the same batch as online."""
    hr = perms.is_unit_hr(actor, campaign.unit_id)
    _deny(hr)
    fields: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        fields.setdefault(name, []).append(message)

    kinds = {}
    for name, upload, label in (("ranking_scan", ranking_scan, "推荐排名表"), ("notice_scan", notice_scan, "公示材料"),
                                ("opinion_scan", opinion_scan, "单位意见")):
        if upload is None:
            refuse(name, f"请上传{label}扫描件。")
            continue
        try:
            kinds[name] = files.validate_upload(upload)
        except files.UploadError as exc:
            refuse(name, f"{label}：{exc.problems[0]}")
    if not notice_starts_on:
        refuse("notice_starts_on", "请填写公示开始日期。")
    if not notice_ends_on:
        refuse("notice_ends_on", "请填写公示结束日期。")
    if notice_starts_on and notice_ends_on:
        today = timezone.localdate()
        if notice_ends_on < notice_starts_on:
            refuse("notice_ends_on", "公示结束日期不能早于开始日期。")
        elif notice_ends_on >= today:
            refuse("notice_ends_on", f"公示须已结束（结束日期应早于今天{cn_date(today)}）才能登记结果。")
        else:
            need = required_notice_days(campaign)
            try:
                got = working_days_between(notice_starts_on, notice_ends_on)
            except UnknownYearError as exc:
                refuse("notice_ends_on", exc.problems[0])
            else:
                if got < need:
                    refuse("notice_ends_on", f"公示期{cn_date(notice_starts_on)}—{cn_date(notice_ends_on)}"
                                             f"只有{got}个工作日，不得少于{need}个工作日。")
    opinion_text = (opinion_text or "").strip()
    if len(opinion_text) > 1000:
        refuse("opinion_text", "单位意见不超过1000字。")

    wanted = list(dict.fromkeys(int(i) for i in application_ids))
    apps = list(campaign_applications(campaign).filter(pk__in=wanted))
    if len(apps) != len(wanted):
        refuse("applications", "所选申报不属于本年度申报或本单位。")
    for a in apps:
        if a.state not in PAPER_SOURCES:
            refuse("applications", f"{a.applicant.real_name}：当前状态为“{a.get_state_display()}”，不能登记线下推荐结果。")
    titles = {t.code: t for t in campaign.open_titles.all()}
    seen_ids = {normalize_id_number(a.applicant.id_number or "") for a in apps}
    for i, p in enumerate(people, 1):
        p.name, p.specialty = p.name.strip(), p.specialty.strip()
        p.id_number, p.title_code = normalize_id_number(p.id_number), (p.title_code or "").strip()
        for problem in _person_problems(i, p, titles):
            refuse("people", problem)
        if p.id_number in seen_ids:
            refuse("people", f"第{i}位线下人员（{p.name[:50]}）：身份证号与名单中其他人员重复。")
        seen_ids.add(p.id_number)
    if not apps and not people and "applications" not in fields:
        refuse("applications", "推荐名单不能为空：请选择申报或填写线下人员。")
    if fields:
        raise SubmissionError([m for msgs in fields.values() for m in msgs], fields)

    with files.kept_only_if_committed() as keep, transaction.atomic():
        scans = {name: keep(files.store(upload, kinds[name], actor=actor))
                 for name, upload in (("ranking_scan", ranking_scan), ("notice_scan", notice_scan),
                                      ("opinion_scan", opinion_scan))}
        sub = UnitSubmission.objects.create(campaign=campaign, unit_id=campaign.unit_id, submitted_by=actor,
                                            kind=UnitSubmission.Kind.PAPER, notice_starts_on=notice_starts_on,
                                            notice_ends_on=notice_ends_on, opinion_text=opinion_text, **scans)
        versions = {r.application.pk: r.version for r in readiness(apps)}
        rows = [_entry_for(a, n, versions.get(a.pk)) for n, a in enumerate(apps, 1)]
        rows += [SubmissionEntry(order=len(apps) + n, name=p.name, id_number=p.id_number,
                                 gender=gender_from_id(p.id_number), title=titles[p.title_code],
                                 level=titles[p.title_code].level, specialty=p.specialty)
                 for n, p in enumerate(people, 1)]
        for row in rows:
            row.submission = sub
        SubmissionEntry.objects.bulk_create(rows)
        if apps:
            transition_many(apps, "record_paper_outcome", actor=actor, ip=ip, paper_submission=sub.pk)
        sub.roster = _store_roster(sub, actor, keep)
        sub.save(update_fields=["roster"])
        record("unit_submission", actor=actor, obj=sub, ip=ip, role=hr.assignment.role,
               organization=hr.assignment.organization,
               details={"kind": sub.kind, "entries": len(rows), "without_application": len(people)})
    return sub


def paper_title_choices(campaign) -> list[Title]:
    return list(campaign.open_titles.select_related("series").order_by("series__sort", "code"))
