"""§三 to 报送 for the dossiers of the §四–§五 chain (data.EXTRA_CHAIN: 4 中级 and 6 副高级 of u_power, complete
drafts left by stage_dossier), through the same services and by the same people as stage_office: the applicants
submit, u_power's HR records their unit's paper outcome (a second paper batch of the year), demo_office passes
资格预审, the applicants submit online, demo_office passes the online review, receives and binds the paper
dossiers, records the fee, signs the 呈报意见 and forwards by level along the routing table:

* the 中级 ones to the host (报送 batch of kind “host”): 评委会组建单位审查 (HOST_REVIEW), for the 中级 committee;
* the 副高级 ones in one batch to the provincial office: 省职改办抽查 (SPOT_CHECK), for the senior committee.

Once the chain's dossiers have left 填写中 the stage leaves them as they are (one transaction), so a second run
creates nothing.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import transaction

from zhicheng.codes.models import Level
from zhicheng.dossier import services as ds
from zhicheng.dossier.models import Application
from zhicheng.errors import Refusal
from zhicheng.office_review import handin, online, transfer
from zhicheng.office_review.models import Forwarding
from zhicheng.workflow.states import State

from .context import Context
from .data import EXTRA_CHAIN
from .stage_office import ENDORSEMENT, UNIT, _Office

RECEIPTS_FROM = 101  # the chain's fee receipts are numbered after stage_office's


def chain_usernames(ctx: Context) -> list[str]:
    return [p.person.username for p in ctx.applicants if p.scenario == "chain"]


def populate(ctx: Context) -> None:
    campaign = ctx.campaigns.get(UNIT)
    if campaign is None:
        return
    apps = list(Application.objects.filter(campaign=campaign, applicant__username__in=chain_usernames(ctx))
                .select_related("applicant").order_by("id"))
    if any(app.state != State.DRAFT for app in apps):
        return  # taken on by an earlier run
    if len(apps) != len(EXTRA_CHAIN):
        raise CommandError(f"演示计划中报送环节的申报不足{len(EXTRA_CHAIN)}份。")
    try:
        with transaction.atomic():
            _Chain(ctx, campaign).take(apps)
    except Refusal as exc:
        raise CommandError(f"演示数据（报送评审环节）未能建立：{exc}") from exc


class _Chain(_Office):
    def take(self, apps: list[Application]) -> tuple[Forwarding, Forwarding]:
        apps = [ds.submit(app.applicant, app) for app in apps]
        self.record_paper_batch(apps, [])
        for n, app in enumerate(apps, RECEIPTS_FROM):
            self.prereview_pass(app)
            online.online_submit(app.applicant, self.fresh(app), confirmed=True)
            app = online.online_pass(self.reviewer, self.fresh(app))
            handin.record_paper(self.reviewer, app, received_on=self.today,
                                items=[i.name for i in handin.checklist(app.series)])
            handin.bind(self.reviewer, self.fresh(app))
            handin.record_fee(self.reviewer, self.fresh(app), receipt_no=f"FGW{self.campaign.year}{n:05d}",
                              paid_on=self.today)
            handin.endorse(self.reviewer, self.fresh(app), text=ENDORSEMENT, signer_name=self.reviewer.real_name,
                           signed_on=self.today)
        intermediate = [self.fresh(a) for a in apps if a.level == Level.INTERMEDIATE]
        senior = [self.fresh(a) for a in apps if a.level != Level.INTERMEDIATE]
        to_host = transfer.forward(self.reviewer, self.office, intermediate)
        to_province = transfer.forward(self.reviewer, self.office, senior)
        return to_host, to_province
