"""§四 the review meetings: demo_host calls one meeting for each committee (the senior one a few working days
ahead, the 中级 one a little later) and draws its panel at random from the pool (committee.services), as many
experts as the minimum for the committee's type (parameters committee_min_senior_series / committee_min_other),
made odd.

The draw is the service's reproducible one, with a recorded seed. The demo picks the first seed (demo-<n>)
whose panel holds the expert accounts meant for that meeting (data.EXPERT_ACCOUNTS: they will vote) and an
expert of u_power (the automatic recusal will have work): the seed is still recorded, and anyone re-running
the draw with it gets the same panel.

A committee that has a meeting is left as it is (one transaction), so a second run creates nothing.
"""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.db import transaction

from zhicheng.codes.models import Level, get_param
from zhicheng.committee import services as cs
from zhicheng.committee.models import Committee, Expert, PanelDraw, ReviewMeeting
from zhicheng.errors import Refusal
from zhicheng.workdays.services import add_working_days

from .context import Context
from .pool import HOST_USER

PLACE = "河北省职称评审服务中心第一评审室（石家庄市桥西区）"
# (committee key, level reviewed, working days from today to the meeting, accounts that must sit on the panel)
MEETINGS = [
    ("committee", Level.ASSOCIATE_SENIOR, 5, ("demo_expert", "demo_expert2", "demo_expert3")),
    ("committee_mid", Level.INTERMEDIATE, 10, ("demo_expert4", "demo_expert5")),
]
RECUSAL_UNIT = "u_power"  # the chain's dossiers come from there: one of its experts on each panel
MAX_SEEDS = 100_000


def populate(ctx: Context) -> None:
    try:
        with transaction.atomic():
            for key, level, days, accounts in MEETINGS:
                committee = Committee.objects.select_related("org").get(org=ctx.orgs[key])
                if ReviewMeeting.objects.filter(committee=committee).exists():
                    continue
                meeting = cs.create_meeting(ctx.users[HOST_USER], committee, level=level,
                                            date=meeting_date(ctx.today, days), place=PLACE)
                ctx.created["评审会议"] += 1
                draw(ctx, meeting, accounts)
    except Refusal as exc:
        raise CommandError(f"演示数据（评审会议和专家抽取）未能建立：{exc}") from exc

    # §四–§五 steps on the dossiers stage_forwarding left: stage_host_review (spot check, delegation, the host's
    # qualification review), stage_vote (one held meeting per committee), stage_results (§五), run after this.


def meeting_date(today: datetime.date, working_days: int) -> datetime.date:
    """The `working_days`-th working day after today."""
    return add_working_days(today + datetime.timedelta(days=1), working_days)


def draw(ctx: Context, meeting: ReviewMeeting, accounts: tuple[str, ...]) -> PanelDraw:
    """The panel: the minimum size (made odd), drawn with the first seed that seats `accounts` and a u_power
    expert (see the module's docstring)."""
    key, _kind = cs.committee_kind(meeting.committee, meeting.level)
    size = get_param(key)
    size += 1 - size % 2
    eligible = [e.pk for e in cs.eligible_experts(meeting)]
    wanted = set(Expert.objects.filter(host=meeting.committee.host, user__username__in=accounts)
                 .values_list("pk", flat=True))
    recusable = set(Expert.objects.filter(host=meeting.committee.host, unit_name=ctx.orgs[RECUSAL_UNIT].name)
                    .values_list("pk", flat=True))
    if len(wanted) != len(accounts) or not recusable:
        raise CommandError("演示专家库缺少关联账号的专家或本单位专家。")
    for n in range(MAX_SEEDS):
        seed = f"demo-{meeting.level}-{n}"
        drawn = set(cs.sample(seed, eligible, size)) if size <= len(eligible) else set()
        if wanted <= drawn and drawn & recusable:
            return cs.draw_panel(ctx.users[HOST_USER], meeting, size=size, seed=seed)
    raise CommandError(f"未能为{meeting}找到符合演示要求的抽取种子。")
