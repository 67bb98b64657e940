"""§二(七) 结果公示: publishing the unit's notice, the public page's content, objections (异议) and their
findings, closing the notice. Each function takes the acting user (or, for the public, the client address),
runs in one transaction and writes the audit event; views and the API only call these."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.campaigns.models import Campaign, CampaignStage
from zhicheng.codes.models import get_param
from zhicheng.dossier import models as dm
from zhicheng.dossier.services import fingerprint, open_for_correction
from zhicheng.errors import Refusal
from zhicheng.files.services import UploadError, check_upload, kept_only_if_committed, store
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import assignments, is_unit_hr_of
from zhicheng.workdays.formats import cn_date
from zhicheng.workdays.services import add_working_days, is_working_day
from zhicheng.workflow.services import transition, transition_many
from zhicheng.workflow.states import State

from .models import NoticeEntry, Objection, ObjectionEvidence, PublicNotice

# An application is shown in its notice (and open to objections) while the notice runs for it.
SHOWN_STATES = (State.IN_NOTICE, State.UNDER_INVESTIGATION)
ONE_HOUR = datetime.timedelta(hours=1)


class PublicityRefusal(Refusal):
    """A refused publicity step."""


# --------------------------------------------------------------------------- dates


def next_working_day(day: datetime.date) -> datetime.date:
    day += datetime.timedelta(days=1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def notice_working_days(campaign: Campaign) -> int:
    """The campaign's NOTICE stage working days, never fewer than the province's `notice_working_days`."""
    stage = CampaignStage.objects.filter(campaign=campaign, stage=CampaignStage.Stage.NOTICE).first()
    minimum = get_param("notice_working_days")
    return max(stage.working_days if stage else 0, minimum)


def period_text(notice: PublicNotice) -> str:
    """2026年11月2日—2026年11月6日"""
    return f"{cn_date(notice.starts_on)}—{cn_date(notice.ends_on)}"


def phase(notice: PublicNotice, today: datetime.date | None = None) -> str:
    """upcoming | running | ended — the public page and the objection form read this."""
    today = today or timezone.localdate()
    if today < notice.starts_on:
        return "upcoming"
    return "running" if today <= notice.ends_on else "ended"


# --------------------------------------------------------------------------- the ranking sheet (late coupling)


def ranking_sheet(campaign: Campaign) -> list[dict] | None:
    """The scoring app's ranking sheets (排序表) of the campaign, one per series and level, as plain tables
    {"title", "header", "rows"} (escaped by the template); None when the scoring app offers none, and the page
    shows the people in recommended order instead. The one place publicity depends on how scoring exposes
    its sheet: `zhicheng.scoring.ranking.render_sheet(campaign)` if present, else scoring's
    `services.groups` / `services.ranking_sheet` with `documents.header` / `documents.body`."""
    try:
        from zhicheng.scoring import ranking

        render = getattr(ranking, "render_sheet", None)
        if callable(render):
            return render(campaign)
    except ImportError:
        pass
    try:
        from zhicheng.scoring import documents as sd
        from zhicheng.scoring import services as ss
    except ImportError:
        return None
    if not all(hasattr(m, n) for m, n in ((ss, "groups"), (ss, "ranking_sheet"), (sd, "header"), (sd, "body"))):
        return None
    out = []
    for series, level, label in ss.groups(campaign):
        sheet = ss.ranking_sheet(campaign, series, level)
        out.append({"title": f"{series.name}（{label}）", "header": sd.header(sheet), "rows": sd.body(sheet)})
    return out


def recommended_order(applications: list[dm.Application]) -> list[dm.Application]:
    """The scoring app's order (`recommended_order(applications)` in zhicheng.scoring.ranking) if it has one,
    else by application number."""
    try:
        from zhicheng.scoring import ranking
    except ImportError:
        ranking = None
    order = getattr(ranking, "recommended_order", None)
    return list(order(applications)) if callable(order) else sorted(applications, key=lambda a: a.pk)


# --------------------------------------------------------------------------- publishing


def current_version(application: dm.Application) -> dm.ApplicationVersion | None:
    return application.versions.order_by("-number").first()


def _hr_or_refuse(actor, unit) -> None:
    decision = is_unit_hr_of(actor, unit)
    if not decision:
        raise PublicityRefusal(decision.reason, forbidden=True)


def recommended(campaign: Campaign) -> QuerySet[dm.Application]:
    return (dm.Application.objects.filter(campaign=campaign, unit_id=campaign.unit_id, state=State.RECOMMENDED)
            .select_related("applicant"))


@transaction.atomic
def start_notice(actor, *, campaign: Campaign, starts_on: datetime.date | None = None, title: str = "",
                 ip: str | None = None) -> PublicNotice:
    """开始公示: one notice for all the unit's recommended applicants of the campaign. The period is the
    campaign's notice working days (at least `notice_working_days`) from `starts_on` (default: the next
    working day), on the working-day calendar. Each entry keeps the version published and its fingerprint."""
    _hr_or_refuse(actor, campaign.unit)
    today = timezone.localdate()
    starts_on = starts_on or next_working_day(today)
    problems = []
    if starts_on < today:
        problems.append(f"公示开始日期不能早于今天（{cn_date(today)}）。")
    apps = recommended_order(list(recommended(campaign)))
    if not apps:
        problems.append("本年度申报没有“拟推荐”的人选，无需公示。")
    title = (title or "").strip() or f"{campaign.unit.name}{campaign.year}年度职称评审推荐人选公示"
    if len(title) > 200:
        problems.append("标题不超过200字。")
    if problems:
        raise PublicityRefusal(problems)
    days = notice_working_days(campaign)
    notice = PublicNotice.objects.create(campaign=campaign, unit=campaign.unit, title=title, starts_on=starts_on,
                                         ends_on=add_working_days(starts_on, days), working_days=days,
                                         published_by=actor)
    versions = {v.application_id: v for v in dm.ApplicationVersion.objects.filter(application__in=apps)
                .order_by("application_id", "number")}  # the last of each application wins
    entries = []
    for i, app in enumerate(apps, 1):
        v = versions.get(app.pk)
        if v is None:
            raise PublicityRefusal(f"{app.applicant.real_name}：没有已提交的申报版本，不能公示。")
        entries.append(NoticeEntry(notice=notice, application=app, version_number=v.number,
                                   fingerprint=fingerprint(v.snapshot), order=i))
    NoticeEntry.objects.bulk_create(entries)
    transition_many(apps, "start_notice", actor=actor, ip=ip, notice_id=notice.pk,
                    period=period_text(notice))
    return notice


def guard_notice_ready(application, actor, details) -> list[str]:
    if "notice_id" not in details:
        return ["公示须在“单位公示”页面发布（一次公示本单位全部拟推荐人选）。"]
    if not NoticeEntry.objects.filter(notice_id=details["notice_id"], application_id=application.pk).exists():
        return ["该申报不在本次公示名单中。"]
    return []


def refuse_single_start(application, *, actor, ip, reason, data):
    raise PublicityRefusal("公示须在“单位公示”页面发布（一次公示本单位全部拟推荐人选）。")


# --------------------------------------------------------------------------- reading


def latest_entry(application) -> NoticeEntry | None:
    return (NoticeEntry.objects.filter(application_id=application.pk).select_related("notice")
            .order_by("-notice__starts_on", "-notice_id").first())


def completed_notice(application) -> PublicNotice | None:
    """The notice the application's current material passed (closed without objection), or None."""
    entry = (NoticeEntry.objects.filter(application_id=application.pk, passed_at__isnull=False)
             .select_related("notice").order_by("-passed_at", "-id").first())
    return entry.notice if entry else None


def published_fingerprint(application) -> str | None:
    """The fingerprint of the version that passed its notice (for §二(八): material that was not in a
    completed notice cannot be recommended), or None when no notice was passed."""
    entry = (NoticeEntry.objects.filter(application_id=application.pk, passed_at__isnull=False)
             .order_by("-passed_at", "-id").first())
    return entry.fingerprint if entry else None


def open_objection_problems(application) -> list[str]:
    """For §二(八): an application with an objection not yet settled cannot be submitted upward."""
    if _objections(application, *Objection.OPEN).exists():
        return ["该申报尚有未办结的公示异议，不能上报。"]
    return []


def open_objection_application_ids(ids) -> set[int]:
    """The applications among ids with an objection not yet settled (one query, for a batch)."""
    return set(Objection.objects.filter(entry__application_id__in=list(ids), status__in=Objection.OPEN)
               .values_list("entry__application_id", flat=True))


def hr_units(user) -> list[int]:
    return [a.organization_id for a in assignments(user) if a.role == Role.UNIT_HR]


def notices_for(user) -> QuerySet[PublicNotice]:
    """The notices of the units where the user is HR."""
    return PublicNotice.objects.filter(unit_id__in=hr_units(user)).select_related("campaign", "unit")


def campaigns_to_publish(user) -> QuerySet[Campaign]:
    return Campaign.objects.filter(unit_id__in=hr_units(user), applications__state=State.RECOMMENDED).distinct()


def objections_for(user) -> QuerySet[Objection]:
    return (Objection.objects.filter(notice__unit_id__in=hr_units(user))
            .select_related("notice", "entry__application__applicant"))


def running_notices(today: datetime.date | None = None) -> QuerySet[PublicNotice]:
    """What the public list shows: notices running today."""
    today = today or timezone.localdate()
    return (PublicNotice.objects.filter(starts_on__lte=today, ends_on__gte=today).select_related("unit")
            .order_by("-starts_on", "-id"))


def shown_entries(notice: PublicNotice) -> list[NoticeEntry]:
    return list(notice.entries.filter(application__state__in=SHOWN_STATES)
                .select_related("application__applicant", "application__unit", "application__series",
                                "application__title").order_by("order", "id"))


def _years(start: datetime.date | None, year: int) -> str:
    if not start:
        return ""
    end = datetime.date(year, 12, 31)
    return f"{end.year - start.year - ((end.month, end.day) < (start.month, start.day))}年"


def public_people(notice: PublicNotice, entries: list[NoticeEntry]) -> list[dict]:
    """For each person shown: name, unit, series/specialty, title sought, and the material §二(七) makes public —
    education, seniority, papers/books, awards and honours, the work summary — as titles and lists. Never an ID
    number, phone or e-mail. A fixed number of queries whatever the number of people."""
    ids = [e.application_id for e in entries]
    by: dict[str, dict[int, list]] = {}
    for key, model in (("education", dm.Education), ("publications", dm.Publication),
                       ("awards", dm.ProfessionalAward), ("honors", dm.Honor)):
        rows = defaultdict(list)
        qs = model.objects.filter(application_id__in=ids)
        if model is dm.Education:
            qs = qs.select_related("education_level")
        for r in qs:
            rows[r.application_id].append(r)
        by[key] = rows
    basics = {b.application_id: b for b in dm.BasicInfo.objects.filter(application_id__in=ids)}
    currents = {c.application_id: c for c in dm.CurrentTitle.objects.filter(application_id__in=ids)}
    summaries = {s.application_id: s for s in dm.WorkSummary.objects.filter(application_id__in=ids)}
    people = []
    for e in entries:
        app = e.application
        basic, current, summary = basics.get(app.pk), currents.get(app.pk), summaries.get(app.pk)
        people.append({
            "entry": e, "name": app.applicant.real_name, "unit": app.unit.name, "series": app.series.name,
            "specialty": app.specialty, "title": app.title.name, "level": app.get_level_display(),
            "under_investigation": app.state == State.UNDER_INVESTIGATION,
            "education": [f"{cn_date(x.end_date)} {x.school} {x.major} {x.education_level.name}"
                          + (f" {x.get_degree_display()}" if x.degree != "none" else "")
                          for x in sorted(by["education"][app.pk], key=lambda x: x.start_date)],
            "seniority": "；".join(t for t in (
                f"{cn_date(basic.professional_start_date)}起从事专业技术工作，至{notice.campaign.year}年底"
                f"{_years(basic.professional_start_date, notice.campaign.year)}" if basic else "",
                f"现任{current.title_name}（{cn_date(current.obtained_on)}取得）" if current else "") if t),
            "publications": [f"{p.get_kind_display()}：《{p.title}》，{p.journal}，{cn_date(p.published_on)}，"
                             f"本人排名第{p.author_rank}" for p in by["publications"][app.pk]],
            "awards": [f"{a.name}（{a.grade}，{a.issuer}，{cn_date(a.awarded_on)}，本人排名第{a.rank}）"
                       for a in by["awards"][app.pk]]
                      + [f"{h.name}（{h.get_grade_display()}，{h.issuer}，{cn_date(h.awarded_on)}）"
                         for h in by["honors"][app.pk]],
            "summary": f"个人工作总结（{summary.char_count}字）" if summary else "",
        })
    return people


def public_roster(entry: NoticeEntry) -> dict:
    """The dossier's 一览表 of one person shown in a notice, without the ID number (omitted) and contacts."""
    from zhicheng.dossier.documents import document_context

    ctx = document_context(entry.application)
    ctx["id_number"] = ""
    ctx["basic"] = {k: v for k, v in ctx.get("basic", {}).items() if k != "email"}
    return ctx


# --------------------------------------------------------------------------- objections (public)


def objection_window_problems(notice: PublicNotice, today: datetime.date | None = None) -> list[str]:
    p = phase(notice, today)
    if p == "ended":
        return [f"公示已于{cn_date(notice.ends_on)}结束，不再受理异议。"]
    if p == "upcoming":
        return [f"公示将于{cn_date(notice.starts_on)}开始，开始后方可反映问题。"]
    return []


@transaction.atomic
def raise_objection(notice: PublicNotice, *, entry_id: int | None, real_name: str, contact: str, facts: str,
                    files=(), ip: str | None = None) -> Objection:
    """反映问题 on a running notice, by anyone, under their real name; evidence files pass the same checks as
    the dossiers'. At most `objections_per_hour` per client address per hour."""
    problems = objection_window_problems(notice)
    if problems:
        raise PublicityRefusal(problems)
    if ip and Objection.objects.filter(ip=ip, created_at__gte=timezone.now() - ONE_HOUR).count() >= get_param(
            "objections_per_hour"):
        raise PublicityRefusal("提交过于频繁，请一小时后再试。如情况紧急，请直接联系公示单位。")
    fields: dict[str, list[str]] = {}
    real_name, contact, facts = (real_name or "").strip(), (contact or "").strip(), (facts or "").strip()
    if not real_name:
        fields["real_name"] = ["请填写真实姓名。"]
    elif len(real_name) > 50:
        fields["real_name"] = ["姓名不超过50个字。"]
    if not contact:
        fields["contact"] = ["请填写联系方式（电话或地址），以便核实。"]
    elif len(contact) > 100:
        fields["contact"] = ["联系方式不超过100个字。"]
    if not facts:
        fields["facts"] = ["请写明反映的问题与事实。"]
    elif len(facts) > 2000:
        fields["facts"] = ["反映的问题不超过2000字，更多内容请作为证据文件上传。"]
    entry = notice.entries.filter(pk=entry_id, application__state__in=SHOWN_STATES).first() if entry_id else None
    if entry is None:
        fields["entry"] = ["请选择所反映的公示人员。"]
    files = list(files)
    if len(files) > get_param("objection_max_files"):
        fields["evidence"] = [f"证据文件最多{get_param('objection_max_files')}个。"]
    else:
        for f in files:
            try:
                f.zc_kind = check_upload(f).kind
            except UploadError as exc:
                fields.setdefault("evidence", []).append(f"{f.name}：{exc.problems[0]}")
    if fields:
        raise PublicityRefusal([m for msgs in fields.values() for m in msgs], fields)
    with kept_only_if_committed() as keep:
        objection = Objection.objects.create(notice=notice, entry=entry, real_name=real_name, contact=contact,
                                             facts=facts, ip=ip)
        for f in files:
            # No account raises an objection: the file is kept in the name of the notice's publisher (who receives it).
            stored = keep(store(f, f.zc_kind, actor=notice.published_by))
            ObjectionEvidence.objects.create(objection=objection, file=stored)
    record("objection_received", obj=entry.application, organization=notice.unit, ip=ip,
           details={"notice": notice.pk, "objection": objection.pk, "files": len(files)})
    return objection


# --------------------------------------------------------------------------- objections (unit HR)


def _objections(application, *statuses) -> QuerySet[Objection]:
    return Objection.objects.filter(entry__application_id=application.pk, status__in=statuses)


def guard_objection_open(application, actor, details) -> list[str]:
    if not _objections(application, Objection.Status.RECEIVED).exists():
        return ["该申报没有待核查的异议。"]
    return []


def guard_objection_under_check(application, actor, details) -> list[str]:
    if not _objections(application, Objection.Status.INVESTIGATING).exists():
        return ["该申报没有正在核查的异议。"]
    return []


def guard_notice_period_over(application, actor, details) -> list[str]:
    entry = latest_entry(application)
    if entry is None:
        return ["该申报没有公示记录。"]
    today = timezone.localdate()
    problems = []
    if today <= entry.notice.ends_on:
        problems.append(f"公示期为{period_text(entry.notice)}，"
                        f"{cn_date(entry.notice.ends_on + datetime.timedelta(days=1))}起方可结束公示。")
    if _objections(application, *Objection.OPEN).exists():
        problems.append("该申报尚有未办结的异议，不能结束公示。")
    return problems


@transaction.atomic
def investigate(actor, application, *, ip: str | None = None):
    """受理异议并核查: the application leaves the running notice for 异议核查中; every objection received
    about it is now being checked."""
    app = transition(application, "investigate", actor=actor, ip=ip)
    _objections(app, Objection.Status.RECEIVED).update(status=Objection.Status.INVESTIGATING)
    return app


def _close_objections(actor, app, status: str, *, investigation: str, finding: str) -> None:
    _objections(app, Objection.Status.INVESTIGATING).update(
        status=status, investigation=investigation.strip(), finding=finding.strip(), handled_by=actor,
        handled_at=timezone.now())


@transaction.atomic
def clear_objection(actor, application, *, reason: str, investigation: str, ip: str | None = None):
    """异议不成立: back to the running notice."""
    app = transition(application, "clear_objection", actor=actor, ip=ip, reason=reason)
    _close_objections(actor, app, Objection.Status.UNFOUNDED, investigation=investigation, finding=reason)
    return app


@transaction.atomic
def return_after_objection(actor, application, *, reason: str, investigation: str, sections: list[str],
                           ip: str | None = None):
    """异议属实（非弄虚作假）: returned for correction; the corrected material goes through a new notice."""
    from zhicheng.dossier.sections import ALL

    reopened = [ALL] if ALL in sections else list(dict.fromkeys(sections))
    app = transition(application, "return_after_objection", actor=actor, ip=ip, reason=reason, sections=reopened)
    open_for_correction(actor, app, stage="§二(七)", action="return_after_objection", reason=reason,
                        sections=reopened)
    _close_objections(actor, app, Objection.Status.RETURNED, investigation=investigation, finding=reason)
    return app


@transaction.atomic
def withdraw_recommendation(actor, application, *, reason: str, investigation: str, ip: str | None = None):
    """异议属实: the unit withdraws its recommendation."""
    app = transition(application, "withdraw_recommendation", actor=actor, ip=ip, reason=reason)
    _close_objections(actor, app, Objection.Status.WITHDRAWN, investigation=investigation, finding=reason)
    return app


@transaction.atomic
def find_fraud(actor, application, *, reason: str, authority: str, investigation: str, ip: str | None = None):
    """查实弄虚作假 (伪造、剽窃): the integrity registry bans the person and disqualifies the application."""
    from zhicheng.integrity.services import record_fraud_finding

    app, ban = record_fraud_finding(actor, application, reason=reason, authority=authority, ip=ip)
    _close_objections(actor, app, Objection.Status.FRAUD, investigation=investigation, finding=reason)
    return app, ban


@transaction.atomic
def close_notice(actor, notice: PublicNotice, *, ip: str | None = None) -> list[dm.Application]:
    """公示期满无异议: every application still running in the notice passes it, all or nothing (an early date
    or an objection not yet taken up refuses the batch, naming who and why). Applications whose objection is
    being checked (异议核查中) stay: the notice closes for them after their finding."""
    _hr_or_refuse(actor, notice.unit)
    apps = list(dm.Application.objects.filter(notice_entries__notice=notice, state=State.IN_NOTICE)
                .select_related("applicant"))
    if not apps:
        if notice.entries.filter(application__state=State.UNDER_INVESTIGATION).exists():
            raise PublicityRefusal("本次公示的人员均在异议核查中，核查办结后方可结束公示。")
        raise PublicityRefusal("本次公示已没有待结束的人员。")
    moved = transition_many(apps, "close_notice", actor=actor, ip=ip, notice_id=notice.pk)
    _mark_passed(notice, [a.pk for a in moved])
    return moved


def close_one(actor, application, *, ip: str | None = None):
    """The dossier page's 公示期满无异议 button: the same step for one application."""
    with transaction.atomic():
        entry = latest_entry(application)
        app = transition(application, "close_notice", actor=actor, ip=ip,
                         notice_id=entry.notice_id if entry else None)
        _mark_passed(entry.notice, [app.pk])
    return app


def _mark_passed(notice: PublicNotice, app_ids: list[int]) -> None:
    now = timezone.now()
    NoticeEntry.objects.filter(notice=notice, application_id__in=app_ids).update(passed_at=now)
    if not notice.entries.filter(application__state__in=SHOWN_STATES).exists():
        PublicNotice.objects.filter(pk=notice.pk).update(closed_at=now)


def objection_status_for_applicant(application) -> str:
    """What the applicant may know: that an objection is being checked — never who raised it or what it says."""
    if application.state == State.UNDER_INVESTIGATION:
        return "公示期间收到关于您的异议，单位正在核查。"
    return ""


