"""The campaign's stage plan (阶段安排): each stage's deadline in working days, the stages one after another
in the seed's order, and a 公示 long enough (seed §二(七), 40号令: 公示期不少于5个工作日)."""

from __future__ import annotations

import datetime

from zhicheng.codes.models import get_param
from zhicheng.workdays.formats import cn_date
from zhicheng.workdays.services import UnknownYearError, add_working_days

from .models import CampaignStage

Stage = CampaignStage.Stage
NOTICE_FLOOR = 5  # the law's minimum: the parameter may lengthen the 公示, never shorten it

# (stage, starts_on, working_days, ends_on)
Planned = tuple[str, datetime.date, int, datetime.date]
# (stage, "start" or "days", message): the row and the cell the message belongs to
StageProblem = tuple[str, str, str]


def notice_min_days() -> int:
    """The shortest 公示 in working days: the parameter `notice_working_days`, never fewer than 5."""
    return max(NOTICE_FLOOR, get_param("notice_working_days"))


def plan(stages: list[tuple[str, datetime.date, int]]) -> tuple[list[Planned], list[StageProblem]]:
    """Each stage's deadline, and every problem of the plan at once.

    Stages follow the order of `CampaignStage.Stage`; a stage left out is skipped. A stage starts only
    after the previous stage's last day (`ends_on` is counted in the stage, so starting on it overlaps).
    """
    order = list(Stage.values)
    planned: list[Planned] = []
    problems: list[StageProblem] = []
    previous: tuple[str, datetime.date] | None = None  # (label, last day) of the stage before
    minimum = notice_min_days()
    for stage, starts_on, days in sorted(stages, key=lambda s: order.index(s[0])):
        label = Stage(stage).label
        if stage == Stage.NOTICE and days < minimum:
            problems.append((stage, "days", f"“{label}”不少于{minimum}个工作日（公示期不少于{minimum}个工作日）。"))
        if previous and starts_on <= previous[1]:
            problems.append((stage, "start", f"“{label}”须在上一阶段“{previous[0]}”截止（{cn_date(previous[1])}）"
                                             f"之后开始，各阶段不能重叠。"))
        try:
            ends_on = add_working_days(starts_on, days)
        except UnknownYearError as exc:
            problems.append((stage, "start", f"{label}：{exc}"))
            previous = None  # its end is unknown: the next stage cannot be compared with it
            continue
        planned.append((stage, starts_on, days, ends_on))
        previous = (label, ends_on)
    return planned, problems
