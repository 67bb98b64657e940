"""§四(一)–(二) on the chain's dossiers stage_forwarding left, through the committee services only:

* demo_province draws the spot check of the 副高级 batch (seed recorded: the sample is reproducible), finds the
  sampled ones 合格, delegates the batch to demo_host except one sampled dossier, whose finding is then recorded
  as 存在问题 and which is returned to demo_office for correction (SPOT_RETURNED, the deadline running). The
  delegation is refused while a sampled dossier of the batch is out for correction (spotcheck.batch_problems),
  hence this order;
* demo_host reviews the qualifications: the delegated 副高级 ones and two of the 中级 ones accepted
  (IN_COMMITTEE, assigned to their committee), one 中级 returned to demo_office with its reasons
  (HOST_RETURNED), one 中级 left waiting (HOST_REVIEW: work on the host's home page).

Once the spot check is drawn the stage leaves everything as it is (one transaction): a second run creates nothing.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import transaction

from zhicheng.codes.models import Level
from zhicheng.committee import host_review, spotcheck
from zhicheng.committee.models import SpotCheck
from zhicheng.dossier.models import Application
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import Role
from zhicheng.workflow.states import State

from .context import Context
from .data import DEMO_USERNAMES
from .pool import HOST_USER
from .stage_forwarding import chain_usernames

PROVINCE_USER = DEMO_USERNAMES[Role.PROVINCIAL_OFFICE]
SPOT_SEED = "demo-spot-check"
SPOT_PROBLEMS = ["任现职以来的业绩成果证明材料缺少单位盖章。", "论文检索证明未附期刊封面及目录页。"]
HOST_RETURN_REASONS = ["申报专业与现从事专业不一致，请单位出具从事专业情况说明。",
                       "近五年年度考核表缺2024年度，请补充。"]


def chain_apps(ctx: Context) -> tuple[list[Application], list[Application]]:
    """The chain's 中级 and 副高级 applications, by id."""
    apps = list(Application.objects.filter(applicant__username__in=chain_usernames(ctx)).order_by("id"))
    return ([a for a in apps if a.level == Level.INTERMEDIATE],
            [a for a in apps if a.level == Level.ASSOCIATE_SENIOR])


def populate(ctx: Context) -> None:
    middles, seniors = chain_apps(ctx)
    spotted = [a for a in seniors if a.state == State.SPOT_CHECK]
    if not spotted or SpotCheck.objects.filter(forwarding=spotcheck.batch_of(spotted[0])).exists():
        return  # not forwarded yet, or taken on by an earlier run
    province, host = ctx.users[PROVINCE_USER], ctx.users[HOST_USER]
    try:
        with transaction.atomic():
            batch = spotcheck.batch_of(spotted[0])
            sc = spotcheck.draw(province, batch, seed=SPOT_SEED)
            sampled = [a for a in seniors if a.pk in sc.sampled_ids]
            for app in sampled:
                spotcheck.record_finding(province, sc, app, ok=True)
            returned = sampled[-1]
            spotcheck.delegate(province, batch, applications=[a for a in seniors if a.pk != returned.pk])
            # a second look at the last sampled dossier, before it is delegated, finds what must be corrected
            spotcheck.record_finding(province, sc, fresh(returned), ok=False, items=SPOT_PROBLEMS)
            spotcheck.spot_return(province, fresh(returned), reason="请补正后经主管部门重新报送。")
            for app in seniors:
                if app.pk != returned.pk:
                    host_review.host_pass(host, fresh(app))
            _waiting, to_return, *accepted = middles
            host_review.host_return(host, fresh(to_return), reasons=HOST_RETURN_REASONS)
            for app in accepted:
                host_review.host_pass(host, fresh(app))
    except Refusal as exc:
        raise CommandError(f"演示数据（抽查和资格审查）未能建立：{exc}") from exc


def fresh(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)
