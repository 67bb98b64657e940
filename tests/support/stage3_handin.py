"""§三 up to 网上审核通过 (待交卷), for the tests of 交卷审查 and 报送.

The unit stage is reached through its services (tests/support/stage2.py, unit_submission.services:
opinion, pledges, 推荐上报). 预审通过 through office_review.prereview (with the reviewer's written justification:
the factories' dossiers are not built to meet a condition set of the eligibility engine), 网上申报 and 网上审核通过
through office_review.online's services. Then the 交卷 records (paper received and bound, fee paid) through this
stage's own services.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from zhicheng.codes.models import Title
from zhicheng.office_review import handin, online, prereview
from zhicheng.office_review.models import FeeRule, Route
from zhicheng.orgs.roles import OrgKind

from .. import factories as f
from .stage3_online import unit_submitted  # noqa: F401  (one way to 单位已推荐上报, used from here too)


def prereview_passed(world, app):
    prereview.prereview_pass(world.office_reviewer, app, justification="经核实原件，符合申报条件。")
    app.refresh_from_db()
    return app


def online_submitted(world, app):
    if app.state == "unit_submitted":
        prereview_passed(world, app)
    online.online_submit(app.applicant, app, confirmed=True)
    app.refresh_from_db()
    return app


def online_passed(world, app):
    if app.state != "online_submitted":
        online_submitted(world, app)
    online.online_pass(world.office_reviewer, app)
    app.refresh_from_db()
    return app


def fee_rules(amounts=None):
    """Fee rules for every series (a row without a series) by level."""
    amounts = amounts or {"senior": "600", "associate_senior": "500", "intermediate": "300", "assistant": "200",
                          "clerk": "100"}
    for level, amount in amounts.items():
        FeeRule.objects.update_or_create(series=None, level=level, defaults={"amount": Decimal(amount)})


def handed_in(world, app, *, fee=True, bind=True):
    """Paper received complete and bound, fee paid (through the services), at ONLINE_PASSED."""
    if app.state != "online_passed":
        online_passed(world, app)
    names = [i.name for i in handin.checklist(app.series)]
    today = timezone.localdate()
    handin.record_paper(world.office_reviewer, app, received_on=today, items=names)
    if bind:
        handin.bind(world.office_reviewer, app)
    if fee:
        if not FeeRule.objects.exists():
            fee_rules()
        handin.record_fee(world.office_reviewer, app, receipt_no=f"PJ{app.pk:06d}", paid_on=today)
    return app


def endorsed(world, app, text="经审查，材料真实齐全，同意呈报。"):
    handed_in(world, app)
    handin.endorse(world.office_reviewer, app, text=text, signer_name="孙处长")
    app.refresh_from_db()
    return app


def more_applications(world, *codes, names="甲乙丙丁戊"):
    """More applications of world.campaign (new applicants of world.unit), one per title code."""
    world.campaign.open_titles.add(*Title.objects.filter(code__in=codes))
    out = []
    for i, code in enumerate(codes):
        person = f.user("applicant", world.unit, name=f"申报人{names[i]}")
        out.append(f.application(person, world.campaign, code))
    return out


def three(world):
    """world.app (高级工程师, 副高级), 申报人甲 (工程师, 中级), 申报人乙 (助理工程师, 初级), all endorsed; a route
    for 中级 of the series to world.host (and its committee), none for 初级."""
    senior = world.app
    middle, junior = more_applications(world, "083", "084")
    apps = unit_submitted(world, [senior, middle, junior])
    fee_rules()
    world.committee = f.org("河北省工程系列高级评委会", OrgKind.COMMITTEE, world.host)
    Route.objects.create(series=senior.series, level="intermediate", host=world.host, committee=world.committee)
    world.senior, world.middle, world.junior = [endorsed(world, a) for a in apps]
    return world
