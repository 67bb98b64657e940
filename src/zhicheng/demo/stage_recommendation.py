"""§二 推荐 in the demo: every step after 材料核实, taken through the stage services, so each §二 role finds
work waiting and every §二 state is on show.

demo_hr's unit (u_power), one ranking sheet (series and level) per stage of the unit's work:

* the sheet where stage_unit_review left HR's verification under way keeps those two dossiers 待单位审核
  (HR's 核实); its other dossiers are 单位核实通过 and assigned to demo_assessor — one waits for the conflict
  declaration, one is declared with its scores saved but not submitted (the assessor's work);
* one sheet is 已量化赋分 with its quota set, waiting for the collective decision (demo_leader's work);
* one sheet was decided (拟推荐) and its notice runs today (公示中); an objection about one person has been
  taken up (异议核查中, HR's work).

Another unit (u_build) has been through the whole stage: a notice that has ended, an objection found
unfounded (异议不成立), one found to be fraud (查实弄虚作假: 取消资格 and a ban of `ban_years`), the notice
closed (公示无异议), the unit opinion signed and both pledge confirmations given for all but one, who waits
for them (HR's and the applicant's work), the others submitted as one batch (单位已推荐上报); its largest
sheet had a quota one smaller than the sheet (未推荐).

The one write outside the services (demo only): a notice can only be published from today on, yet the
demo needs one that ran and ended and one running today. After `publicity.services.start_notice` has
published a notice, `_set_period` updates that PublicNotice row's starts_on/ends_on (nothing else: never an
application's state, an entry or an objection) — into a period that includes today while objections are
raised, then, for the ended notice, to a period of the same working days that ended before today.

A unit whose campaign already has a scoring assignment is left as it is (each unit is built in one
transaction), so a second run creates nothing.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.management.base import CommandError
from django.db import transaction

from zhicheng.dossier.models import Application, Publication
from zhicheng.errors import Refusal
from zhicheng.publicity import services as publicity
from zhicheng.publicity.models import PublicNotice
from zhicheng.scoring import services as scoring
from zhicheng.scoring.models import Assignment
from zhicheng.unit_review import services as unit_review
from zhicheng.unit_review.models import VerificationMark
from zhicheng.unit_submission import services as submission
from zhicheng.workdays.formats import cn_date
from zhicheng.workdays.services import add_working_days, is_working_day
from zhicheng.workflow import actions
from zhicheng.workflow.states import State

from .context import Context
from .data import SEED, UNIT_BY_KEY

LEADERS = {"u_power": "demo_leader", "u_build": "demo_leader2"}
DECISION = "经单位领导班子集体研究，按量化赋分排名确定推荐人选，同意推荐。"
MINUTES = ("{date}，单位领导班子召开会议，听取推荐组织关于述职、考核答辩和量化赋分情况的汇报，审议{title}"
           "排名表，按推荐名额和排名顺序确定推荐人选。")
OBJECTION_UNFOUNDED = ("反映{name}的论文《{paper}》系他人代写。", "经调取论文投稿记录、查阅原始数据并与本人谈话核实，"
                       "论文为本人独立完成，反映情况不属实。", "经核查，反映问题不属实，异议不成立。")
OBJECTION_FRAUD = ("反映{name}申报材料中的省级科技进步奖获奖证书系伪造。",
                   "经向颁奖单位函询核实，该获奖证书无登记记录，系伪造；本人已签字确认。",
                   "经查实，申报人提交伪造的获奖证书，属弄虚作假。")
OBJECTION_OPEN = "反映{name}任现职以来主持的工程项目实际由他人负责，申报材料夸大本人作用。"
OBJECTORS = [("王建民", "13831112468"), ("李秀珍", "15903216657"), ("赵立军", "13503311820")]


def populate(ctx: Context) -> None:
    for key, build in (("u_power", _power), ("u_build", _build)):
        campaign = ctx.campaigns.get(key)
        if campaign is None or Assignment.objects.filter(application__campaign=campaign).exists():
            continue
        try:
            with transaction.atomic():
                build(ctx, _Unit(ctx, key, campaign))
        except Refusal as exc:
            raise CommandError(f"演示数据（{campaign.unit.name}的推荐环节）未能建立：{exc}") from exc


class _Unit:
    """One unit's people and campaign, and the steps its staff take."""

    def __init__(self, ctx: Context, key: str, campaign):
        spec = UNIT_BY_KEY[key]
        self.ctx, self.campaign, self.today = ctx, campaign, ctx.today
        self.hr = ctx.users[spec.hr]
        self.leader = ctx.users[LEADERS[key]]
        self.panel = [ctx.users[u] for u, _duty in spec.panel]

    def submitted(self) -> list[Application]:
        return list(Application.objects.filter(campaign=self.campaign, unit_id=self.campaign.unit_id,
                                               state=State.SUBMITTED)
                    .select_related("applicant", "series").order_by("id"))

    def groups(self, apps) -> dict[tuple, list[Application]]:
        out: dict[tuple, list[Application]] = {}
        for app in apps:
            out.setdefault((app.series_id, app.level), []).append(app)
        return out

    def verify(self, app: Application) -> Application:
        """HR checks every item against the originals (已核), then 核实通过."""
        _version, items, _marks = unit_review.checklist(app)
        unit_review.set_marks(self.hr, app, [{"section": i.section, "item_id": i.item_id, "status": "verified",
                                              "note": ""} for i in items])
        actions.perform(app, "verify", actor=self.hr, data={})
        app.refresh_from_db()
        return app

    def sheet_values(self, app: Application, assessor) -> dict[str, str]:
        """Whole points, 60-95 % of each category's maximum, seeded per assessor and applicant."""
        rng = random.Random(f"{SEED}:score:{assessor.username}:{app.applicant.username}")
        scheme = scoring.scheme_for(self.campaign, app.series_id, app.level)
        return {c.code: str(int(c.max_points * Decimal(rng.randint(60, 95)) / 100))
                for c in scoring.assessor_categories(scheme)}

    def score(self, apps: list[Application], assessors) -> None:
        """Each assessor assigned, declared (no conflict) and has submitted scores."""
        for app in apps:
            for assessor in assessors:
                asg = scoring.assign(self.hr, app, assessor)
                asg = scoring.declare(assessor, asg)
                scoring.save_scores(assessor, asg, self.sheet_values(app, assessor), submit=True)

    def finish(self, group: list[Application], quota: int) -> None:
        app = group[0]
        scoring.finish_scoring(self.hr, self.campaign, app.series, app.level)
        scoring.set_quota(self.hr, self.campaign, app.series, app.level, quota)

    def decide(self, group: list[Application]):
        """The leadership meeting: the first `quota` of the ranking sheet recommended, in ranking order."""
        app = group[0]
        sheet = scoring.ranking_sheet(self.campaign, app.series, app.level)
        chosen = {r.app.pk for r in sorted(sheet.rows, key=lambda r: r.rank)[: sheet.quota.count]}
        title = f"{app.series.name}{app.get_level_display()}"
        return scoring.record_decision(self.leader, self.campaign, app.series, app.level, meeting_date=self.today,
                                       leaders=[self.leader], decision=DECISION,
                                       minutes=MINUTES.format(date=cn_date(self.today), title=title),
                                       recommended=chosen, reasons={})

    def publish(self) -> PublicNotice:
        """开始公示 from today (or the next working day when today is not one: the demo then moves it back)."""
        notice = publicity.start_notice(self.hr, campaign=self.campaign,
                                        starts_on=self.today if is_working_day(self.today) else None)
        self.ctx.created["公示"] += 1
        return notice

    def object(self, notice: PublicNotice, app: Application, facts: str, n: int):
        """A member of the public 反映问题 about `app` under their real name; HR takes it up (受理并核查)."""
        entry = notice.entries.get(application=app)
        name, phone = OBJECTORS[n % len(OBJECTORS)]
        publicity.raise_objection(notice, entry_id=entry.pk, real_name=name, contact=phone, facts=facts)
        self.ctx.created["异议"] += 1
        return publicity.investigate(self.hr, app)


def _set_period(notice: PublicNotice, starts_on: datetime.date, ends_on: datetime.date) -> None:
    """DEMO ONLY (see the module docstring): move a published notice's period. Nothing else is written."""
    PublicNotice.objects.filter(pk=notice.pk).update(starts_on=starts_on, ends_on=ends_on)
    notice.starts_on, notice.ends_on = starts_on, ends_on


def _working_day_on_or_before(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def ended_period(today: datetime.date, days: int) -> tuple[datetime.date, datetime.date]:
    """The latest period of `days` working days (starting on a working day) that ended before today."""
    start = today - datetime.timedelta(days=1)
    while True:
        start = _working_day_on_or_before(start)
        end = add_working_days(start, days)
        if end < today:
            return start, end
        start -= datetime.timedelta(days=1)


def _paper(app: Application) -> str:
    pub = Publication.objects.filter(application=app).order_by("id").first()
    return pub.title if pub else "专业技术论文"


def _power(ctx: Context, u: _Unit) -> None:
    apps = u.submitted()
    marked = set(VerificationMark.objects.filter(application__in=apps).values_list("application_id", flat=True))
    groups = u.groups(apps)
    waiting = [k for k, g in groups.items() if any(a.pk in marked for a in g)]
    others = sorted((k for k in groups if k not in waiting), key=lambda k: (-len(groups[k]), k))
    if len(waiting) != 1 or len(others) < 2 or len(groups[others[1]]) < 2:
        raise CommandError("演示计划中单位人事所在单位的已提交申报不足以展示推荐环节的各个状态。")
    # HR's 核实 under way (stage_unit_review's marks) on one sheet; the rest of that sheet with the assessor
    rest = [a for a in groups[waiting[0]] if a.pk not in marked]
    assessor = u.panel[0]
    for n, app in enumerate(rest):
        app = u.verify(app)
        asg = scoring.assign(u.hr, app, assessor)
        if n % 2 == 1:  # declared, scores saved, not yet submitted
            asg = scoring.declare(assessor, asg)
            values = u.sheet_values(app, assessor)
            scoring.save_scores(assessor, asg, dict(list(values.items())[:1]), submit=False)
    # the running notice, with an objection being checked
    shown = [u.verify(a) for a in groups[others[0]]]
    u.score(shown, u.panel)
    u.finish(shown, len(shown))
    u.decide(shown)
    notice = u.publish()
    if not is_working_day(u.today):
        start = _working_day_on_or_before(u.today)
        _set_period(notice, start, add_working_days(start, notice.working_days))
    checked = publicity.recommended_order(list(Application.objects.filter(notice_entries__notice=notice)))[-1]
    u.object(notice, checked, OBJECTION_OPEN.format(name=checked.applicant.real_name), 0)
    # a sheet scored and waiting for the leaders' collective decision (quota one fewer than the sheet)
    scored = [u.verify(a) for a in groups[others[1]]]
    u.score(scored, u.panel)
    u.finish(scored, len(scored) - 1)


def _build(ctx: Context, u: _Unit) -> None:
    apps = [u.verify(a) for a in u.submitted()]
    groups = sorted(u.groups(apps).values(), key=lambda g: (-len(g), g[0].level))
    if not groups or len(groups[0]) < 2:
        raise CommandError("演示计划中该单位的已提交申报不足以展示推荐环节的各个状态。")
    for n, group in enumerate(groups):
        u.score(group, u.panel)
        u.finish(group, len(group) - 1 if n == 0 else len(group))  # the largest sheet: one 未推荐
        u.decide(group)
    notice = u.publish()
    # while it ran: two objections, one unfounded, one fraud
    days = notice.working_days
    start, end = ended_period(u.today, days)
    _set_period(notice, start, u.today)
    entries = list(notice.entries.select_related("application__applicant").order_by("order", "id"))
    if len(entries) < 3:
        raise CommandError("演示计划中该单位的推荐人选不足以展示公示的各种结果。")
    cleared, fraud = entries[0].application, entries[1].application
    facts, investigation, finding = OBJECTION_UNFOUNDED
    u.object(notice, cleared, facts.format(name=cleared.applicant.real_name, paper=_paper(cleared)), 1)
    publicity.clear_objection(u.hr, cleared, reason=finding, investigation=investigation)
    facts, investigation, finding = OBJECTION_FRAUD
    u.object(notice, fraud, facts.format(name=fraud.applicant.real_name), 2)
    publicity.find_fraud(u.hr, fraud, reason=finding, authority=u.campaign.unit.name, investigation=investigation)
    # the notice ended: 公示期满无异议
    _set_period(notice, start, end)
    passed = publicity.close_notice(u.hr, notice)
    passed = sorted(passed, key=lambda a: [e.application_id for e in entries].index(a.pk))
    ready, waiting = passed[:-1], passed[-1]
    for app in ready:
        submission.sign_opinion(u.hr, app)
        submission.confirm_pledge(app.applicant, app)
        submission.confirm_pledge(u.leader, app)
    submission.submit_batch(u.hr, u.campaign, list(Application.objects.filter(pk__in=[a.pk for a in ready])))
    del waiting  # NOTICE_PASSED: its opinion and pledge are HR's and the applicant's work
