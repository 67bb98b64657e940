"""§三(一) 资格预审 — services, guards and actions.

The office (主管部门审核人员) reviews every person of the batches its units submitted (UnitSubmission):

* Online path: the application arrives in 单位已推荐上报 with its dossier (the last submitted version).
* Paper path (the unit ran §一–§二 on paper): a person of the batch may have no application here. The office
  *admits* them (`admit_paper_entry`): a real-name User from the roster (ID number, name; no usable password,
  inactive) with the 申报人员 role in the unit, and an Application of the batch's campaign created directly in
  单位已推荐上报 (creation is not a transition; audited as ``prereview_admit``). From then on both paths are
  the same: `prereview_return` / `prereview_pass` / `resubmit_prereview` / abandonment apply uniformly.
  At the pass the account is opened: active, a one-time random password shown once to the reviewer,
  must_change_password, and the person is notified (inbox, e-mail, SMS). The password itself is never put in
  a message (messages are stored): the reviewer hands it over, as with accounts made by HR.
* Fail (一次性告知): one ReturnRecord lists every reason at once — the eligibility engine's failed conditions
  and the reviewer's own, each with the sections it concerns — with a deadline of
  ``prereview_correction_working_days`` working days; exactly those sections are reopened. A later return that
  raises a reason about a section not in the first notice and unchanged since it is refused with a warning;
  the reviewer may confirm (override), which is recorded (PrereviewNotice + audit details).
* Resubmission (unit HR): refused after the deadline (the date is named); the current dossier is kept as a new
  version; refused when the reopened sections are unchanged since the returned version (nothing corrected);
  refused when the material differs from what the unit's notice published until a 补充公示 of exactly this
  material is recorded (`record_supplementary_notice`: dates + scan).
* Abandonment (`abandon_overdue`, the daily job): every application past `deadline_of` — the day after the
  deadline, never on it — is abandoned by the office's system account (`system_actor`: one inactive account per
  office, created on demand, holding the office's reviewer role, so the step is in scope and audited as any).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.codes.models import get_param
from zhicheng.dossier import models as dm
from zhicheng.dossier import sections as sec
from zhicheng.dossier.services import fingerprint, open_for_correction, snapshot
from zhicheng.orgs.models import RoleAssignment, User
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import orgs_for_role
from zhicheng.workdays.formats import cn_date
from zhicheng.workdays.services import add_working_days
from zhicheng.workflow.services import TransitionError, may_act, transition
from zhicheng.workflow.states import TRANSITIONS, State

from . import schedule
from .prereview_forms import SECTION_CHOICES, PassForm, ReturnForm  # noqa: F401 (the pages and the API use them)

STAGE = "§三(一)"
NO_REASONS = "预审不通过须一次性列明全部原因（至少一条），并选择每条原因所涉及的材料部分。"
# The engine's conditions (eligibility.models.Kind) and the dossier section each one reads.
ENGINE_SECTIONS = {"min_education": "education", "years_since_title": "current_title",
                   "level_step": "current_title", "assessments": "assessments",
                   "continuing_education": "training"}
ABANDON_REASONS = {State.PREREVIEW_RETURNED: "逾期未补正，视为放弃（补正期限：{d}）",
                   State.ONLINE_RETURNED: "逾期未补正，视为放弃（补正期限：{d}）",
                   State.PREREVIEW_PASSED: "逾期未网上申报，视为放弃（网上申报截止：{d}）"}


class PrereviewError(TransitionError):
    """A refused pre-review step."""


# --------------------------------------------------------------------------- reading

def eligibility_report(application):
    """The eligibility engine's report (zhicheng.eligibility): every condition, passed or not, with its data."""
    from zhicheng.eligibility.services import evaluate

    return evaluate(application)


def is_paper(application, facts=None) -> bool:
    """No submitted version here: the dossier is the paper one the unit handed in (the page's facts know)."""
    return facts.last_version == 0 if facts is not None else not application.versions.exists()


def last_version(application) -> dm.ApplicationVersion | None:
    return application.versions.order_by("-number").first()


def office_reviewer(actor, application):
    """The actor's office reviewer assignment covering the application's unit, or None."""
    path = application.unit.path
    for org in orgs_for_role(actor, Role.OFFICE_REVIEWER):
        if path.startswith(org.path):
            return org
    return None


def prereview_returns(application):
    return dm.ReturnRecord.objects.filter(application=application, stage=STAGE, action="prereview_return")


def open_return(application, loaded=None) -> dm.ReturnRecord | None:
    """The open 预审 return; from `loaded` (the returns a page has read, oldest first) when given."""
    if loaded is not None:
        return next((r for r in reversed(loaded) if r.stage == STAGE and r.action == "prereview_return"
                     and r.resolved_at is None), None)
    return prereview_returns(application).filter(resolved_at__isnull=True).order_by("-created_at", "-id").first()


def deadline_of(application, loaded=None) -> datetime.date | None:
    """The day by which the application must move on, in the states the scheduled job abandons from."""
    if application.state == State.PREREVIEW_RETURNED:
        r = open_return(application, loaded)
        return r.deadline if r else None
    if application.state == State.ONLINE_RETURNED:
        r = (dm.ReturnRecord.objects.filter(application=application, action="online_return", resolved_at__isnull=True)
             .order_by("-created_at", "-id").first())
        return r.deadline if r else None
    if application.state == State.PREREVIEW_PASSED:
        set_by_office = schedule.deadline(schedule.office_of(application), application.campaign.year, "online")
        return set_by_office or schedule.online_fallback(application)
    return None


def _section_part(snap: dict | None, key: str):
    return (snap or {}).get(key, [])


def unchanged_new_sections(application, sections: list[str]) -> list[str]:
    """Sections of a later return not in the first notice whose material is the same as when it was given."""
    first = prereview_returns(application).select_related("prereview_notice").order_by("created_at", "id").first()
    if first is None:
        return []
    notice = getattr(first, "prereview_notice", None)
    if notice is None or notice.version_number is None:
        return []
    then = application.versions.filter(number=notice.version_number).values_list("snapshot", flat=True).first()
    now = last_version(application)
    if then is None or now is None:
        return []
    done = set(first.sections)
    if sec.ALL in done:
        return []
    return [s for s in sections if s not in done and _section_part(then, s) == _section_part(now.snapshot, s)]


# --------------------------------------------------------------------------- paper path

def admit_paper_entry(actor, entry, *, ip: str | None = None) -> dm.Application:
    """Admit a person of a paper batch who has no application here (see the module docstring)."""
    from zhicheng.dossier.services import same_year_application
    from zhicheng.orgs.accounts import _unique_username
    from zhicheng.orgs.validators import birth_date_from_id
    from zhicheng.unit_submission.models import SubmissionEntry

    with transaction.atomic():
        entry = (SubmissionEntry.objects.select_for_update().select_related("submission__campaign",
                                                                             "submission__unit", "title__series")
                 .get(pk=entry.pk))
        sub = entry.submission
        office = next((o for o in orgs_for_role(actor, Role.OFFICE_REVIEWER) if sub.unit.path.startswith(o.path)),
                      None)
        if office is None:
            raise PrereviewError("只有该单位的主管部门审核人员可以受理。", forbidden=True)
        if entry.application_id:
            raise PrereviewError("该人员已受理，请刷新页面。", conflict=True)
        user = User.objects.filter(id_number=entry.id_number).first()
        new = user is None
        if new:
            idn = entry.id_number
            user = User(username=_unique_username(), real_name=entry.name, id_number=idn, is_active=False,
                        birth_date=birth_date_from_id(idn), gender="1" if int(idn[16]) % 2 else "2")
            user.set_unusable_password()
            user.save()
        elif same_year_application(user, sub.campaign.year):
            raise PrereviewError(f"{entry.name}本年度已有申报，不能重复受理。")
        if not RoleAssignment.objects.filter(user=user, role=Role.APPLICANT, organization=sub.unit).exists():
            RoleAssignment.objects.create(user=user, role=Role.APPLICANT, organization=sub.unit)
        app = dm.Application.objects.create(
            applicant=user, campaign=sub.campaign, unit=sub.unit, series=entry.title.series, title=entry.title,
            level=entry.level, specialty=entry.specialty, state=State.UNIT_SUBMITTED, submitted_at=sub.submitted_at)
        entry.application = app
        entry.save(update_fields=["application"])
        from .models import PaperAdmission

        PaperAdmission.objects.create(entry=entry, application=app, new_account=new, admitted_by=actor)
        record("prereview_admit", actor=actor, obj=app, role=Role.OFFICE_REVIEWER, organization=office, ip=ip,
               to_state=State.UNIT_SUBMITTED, details={"submission": sub.pk, "entry": entry.pk, "new_account": new})
    return app


@dataclass
class Passed:
    application: dm.Application
    password: str = ""  # the paper path's initial password, shown once


def _open_account(actor, app, *, phone: str, email: str) -> str:
    from zhicheng.orgs.passwords import random_password

    from .models import PaperAdmission

    admission = PaperAdmission.objects.filter(application=app).first()
    if admission is None or admission.account_issued_at is not None:
        return ""
    user = User.objects.select_for_update().get(pk=app.applicant_id)
    password = ""
    if admission.new_account:
        password = random_password(user)
        user.set_password(password)
        user.must_change_password = True
        user.is_active = True
        user.phone = phone or user.phone
        user.email = email or user.email
        user.save()
        record("account_create", actor=actor, obj=user, organization=app.unit,
               details={"unit": app.unit_id, "role_added": Role.APPLICANT, "via": "prereview"})
    app.applicant = user  # the notice goes to the address just given
    admission.account_issued_at = timezone.now()
    admission.save(update_fields=["account_issued_at"])
    return password


def _notify_pass(app, *, paper: bool, opened: bool = False) -> None:
    """`opened`: a new account was opened (paper path); else the person's existing account is used."""
    from zhicheng.messaging.services import notify

    if paper and opened:
        body = (f"{app.applicant.real_name}：您的{app.campaign.year}年度{app.title.name}申报已通过资格预审。"
                "已为您开通实名申报账号：请用身份证号登录，初始密码由主管部门或单位人事告知，首次登录须修改密码；"
                "登录后请按时完成网上申报。")
    elif paper:
        body = (f"{app.applicant.real_name}：您的{app.campaign.year}年度{app.title.name}申报已通过资格预审，"
                "本次申报已关联到您已有的账号：请用原账号（身份证号）和原密码登录，按时完成网上申报。")
    else:
        body = (f"{app.applicant.real_name}：您的{app.campaign.year}年度{app.title.name}申报已通过资格预审，"
                "请登录系统按时完成网上申报。")
    notify(app.applicant, subject="资格预审通过", body=body, link=f"/applications/{app.pk}/", text=True)


def prereview_pass(actor, application, *, justification: str = "", phone: str = "", email: str = "",
                   ip: str | None = None) -> Passed:
    """预审通过: the online application opens (PREREVIEW_PASSED); on the paper path the account is opened."""
    paper = is_paper(application)
    if paper and not phone and not application.applicant.phone:
        raise PrereviewError("请填写申报人的手机号码（用于开通账号和短信通知）。", {"phone": ["请填写手机号码。"]})
    with transaction.atomic():
        app = transition(application, "prereview_pass", actor=actor, ip=ip, justification=justification.strip(),
                         **({"password_handover": True} if paper else {}))
        password = _open_account(actor, app, phone=phone, email=email) if paper else ""
        _notify_pass(app, paper=paper, opened=bool(password))
    return Passed(app, password)


def engine_items(application) -> list[dict]:
    """The engine's failed conditions as reasons of a notice."""
    return [{"section": ENGINE_SECTIONS.get(r.key, "basic"), "sections": [ENGINE_SECTIONS.get(r.key, "basic")],
             "reason": f"{r.label}：{r.detail}", "source": "engine"}
            for r in eligibility_report(application).failed]


def prereview_return(actor, application, *, items: list[dict], override: bool = False,
                     ip: str | None = None) -> dm.ReturnRecord:
    """预审不通过（一次性告知）: every reason at once (engine + reviewer), a deadline in working days, exactly
    the sections concerned reopened."""
    allowed = may_act(actor, application, TRANSITIONS["prereview_return"])
    if not allowed:  # before anything is read or counted: nothing of the dossier is told to the wrong person
        raise PrereviewError(allowed.reason or "您无权办理该申报的资格预审。", forbidden=True)
    valid = {k for k, _ in SECTION_CHOICES}
    own = []
    for i in items:
        text, secs = (i.get("reason") or "").strip(), [s for s in i.get("sections") or [] if s]
        if not text:
            continue
        bad = [s for s in secs if s not in valid]
        if bad or not secs:
            raise PrereviewError(f"原因“{text[:20]}”须选择所涉及的材料部分。", {"items": ["每条原因须选择所涉及的材料部分。"]})
        own.append({"section": secs[0], "sections": secs, "reason": text, "source": "reviewer"})
    paper = is_paper(application)
    engine = [] if paper else engine_items(application)  # the paper dossier is not here for the engine to read
    every = engine + own
    if not every:
        raise PrereviewError(NO_REASONS, {"items": ["请至少填写一条原因。"]})
    sections = list(dict.fromkeys(s for i in every for s in i["sections"]))
    warned = unchanged_new_sections(application, [s for i in own for s in i["sections"]])
    if warned and not override:
        labels = "、".join(sec.BY_KEY[s].label for s in warned)
        raise PrereviewError(f"提示：“{labels}”不在首次告知的范围内，且自首次告知以来未作修改。一次性告知要求不得就未修改的"
                             "材料提出新的问题；如确需提出，请勾选“确认仍提出”后再提交（将记录在案）。",
                             {"override": ["请确认是否仍就未修改的材料提出新的问题。"]})
    today = timezone.localdate()
    try:
        deadline = add_working_days(today + datetime.timedelta(days=1),
                                    get_param("prereview_correction_working_days"))
    except Exception as exc:  # an unknown year of the holiday calendar
        raise PrereviewError(str(exc)) from exc
    lines = [f"{n}. {'、'.join(sec.BY_KEY[s].label for s in i['sections'])}：{i['reason']}"
             for n, i in enumerate(every, 1)]
    reason = (f"经资格预审，申报材料存在以下问题，请于{cn_date(deadline)}前一次性补正后重新报送，逾期视为放弃：\n"
              + "\n".join(lines)) if every else ""
    with transaction.atomic():
        app = transition(application, "prereview_return", actor=actor, ip=ip, reason=reason[:2000], items=every,
                         sections=sections, deadline=deadline.isoformat(), override=bool(warned),
                         overridden_sections=warned)
        rec = open_for_correction(actor, app, stage=STAGE, action="prereview_return", reason=reason[:2000],
                                  sections=sections, items=every, deadline=deadline)
        v = last_version(app)
        from .models import PrereviewNotice

        PrereviewNotice.objects.create(record=rec, version_number=v.number if v else None,
                                       engine_failures=[i["reason"] for i in engine], overridden_sections=warned)
        _notify_return(app, reason, deadline, paper=paper)
    return rec


def _notify_return(app, reason: str, deadline: datetime.date, *, paper: bool) -> None:
    """The one-time notice goes to the unit's HR (who corrects and sends it back) and to the applicant when they
    have an account and a dossier here (the online path)."""
    from zhicheng.messaging.services import notify

    subject = f"资格预审未通过：{app.applicant.real_name}（补正期限{cn_date(deadline)}）"
    link = f"/office/prereview/applications/{app.pk}/correction/"
    key = f"prereview_return:{app.pk}:{deadline.isoformat()}"
    for hr in User.objects.filter(is_active=True, role_assignments__role=Role.UNIT_HR,
                                  role_assignments__organization_id=app.unit_id).distinct():
        notify(hr, subject=subject, body=f"{app.applicant.real_name}的申报（{app.title.name}）{reason}", link=link,
               key=key)
    if not paper and app.applicant.is_active:
        notify(app.applicant, subject=f"资格预审未通过（补正期限{cn_date(deadline)}）", body=reason,
               link=f"/applications/{app.pk}/", key=key)


# --------------------------------------------------------------------------- the unit's correction

def needs_renotice(application, fp: str) -> bool:
    """The material differs from what the unit's notice published and no 补充公示 covers it."""
    from zhicheng.publicity.services import published_fingerprint

    from .models import SupplementaryNotice

    published = published_fingerprint(application)
    if published is None or published == fp:
        return False
    return not SupplementaryNotice.objects.filter(application=application, fingerprint=fp).exists()


def current_fingerprint(application) -> str:
    return fingerprint(snapshot(application))


def record_supplementary_notice(actor, application, *, starts_on: datetime.date, ends_on: datetime.date, scan,
                                ip: str | None = None):
    """补充公示 of the corrected material (unit HR): its dates and the scan; it covers the material as it is now."""
    from zhicheng.files import services as files
    from zhicheng.orgs.scope import is_unit_hr_of

    from .models import SupplementaryNotice

    hr = is_unit_hr_of(actor, application.unit)
    if not hr:
        raise PrereviewError(hr.reason, forbidden=True)
    if application.state != State.PREREVIEW_RETURNED:
        raise PrereviewError("只有预审未通过、补正中的申报需要登记补充公示。")
    problems = {}
    if ends_on < starts_on:
        problems["ends_on"] = ["公示结束日期不能早于开始日期。"]
    elif ends_on >= timezone.localdate():
        problems["ends_on"] = ["补充公示须已结束才能登记。"]
    if scan is None:
        problems["scan"] = ["请上传补充公示的扫描件。"]
    else:
        try:
            kind = files.validate_upload(scan)
        except files.UploadError as exc:
            problems["scan"] = list(exc.problems)
    if problems:
        raise PrereviewError([m for ms in problems.values() for m in ms], problems)
    with files.kept_only_if_committed() as keep, transaction.atomic():
        stored = keep(files.store(scan, kind, actor=actor))
        row = SupplementaryNotice.objects.create(application=application, starts_on=starts_on, ends_on=ends_on,
                                                 scan=stored, fingerprint=current_fingerprint(application),
                                                 recorded_by=actor)
        record("supplementary_notice", actor=actor, obj=application, role=Role.UNIT_HR, ip=ip,
               organization=application.unit, details={"starts_on": starts_on.isoformat(),
                                                       "ends_on": ends_on.isoformat(), "fingerprint": row.fingerprint})
    return row


def resubmit_prereview(actor, application, *, ip: str | None = None) -> dm.Application:
    """补正后重新报送 (unit HR): the corrected dossier becomes a new version and goes back to the office."""
    from zhicheng.dossier.receipts import create_version

    paper = is_paper(application)
    with transaction.atomic():
        snap = None if paper else snapshot(application)
        app = transition(application, "resubmit_prereview", actor=actor, ip=ip,
                         fingerprint=fingerprint(snap) if snap else "", paper=paper)
        rec = open_return(app)
        number = None
        if snap is not None:
            number = (last_version(app).number if last_version(app) else 0) + 1
            create_version(app, number=number, snapshot=snap, actor=actor)
        app.reopened_sections = []
        app.save(update_fields=["reopened_sections", "updated_at"])
        if rec:
            rec.resolved_at, rec.resolved_version = timezone.now(), number
            rec.save(update_fields=["resolved_at", "resolved_version"])
    return app


# --------------------------------------------------------------------------- actions

def paper_pass_elsewhere(application) -> str:
    return (f"线下推荐人员的预审通过会开通实名账号并生成一次性初始密码，须在“资格预审”页面"
            f"（/office/prereview/applications/{application.pk}/）办理，以便当场告知初始密码；"
            f"接口请使用 POST /api/v1/office/prereview/applications/{application.pk}/pass（返回初始密码）。")


def return_handler(application, *, actor, ip, reason, data):
    prereview_return(actor, application, items=[{"reason": reason, "sections": data.get("sections")}],
                     override=data.get("override", False), ip=ip)
    application.refresh_from_db()
    return application


def pass_handler(application, *, actor, ip, reason, data):
    """The generic action (dossier page, /actions API) shows no password: the paper path is refused there."""
    if is_paper(application):
        raise PrereviewError(paper_pass_elsewhere(application))
    return prereview_pass(actor, application, ip=ip, **data).application
