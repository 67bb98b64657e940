"""§二(一) 材料核实 in the demo: in each unit, HR has checked the first submitted dossier item by item (all
verified: 核实通过 is one click away) and started on the second (one problem recorded, so the return lists
it); the other submitted dossiers wait unchecked. States do not change here. A unit where any mark exists
is left as it is, so a second run creates nothing."""

from __future__ import annotations

from django.db import transaction

from zhicheng.dossier.models import Application
from zhicheng.unit_review import services
from zhicheng.unit_review.models import VerificationMark
from zhicheng.workflow.states import State

from .context import Context
from .data import UNITS

PROBLEM = "毕业证书编号与原件不一致，请核对后修改。"


def populate(ctx: Context) -> None:
    for unit in UNITS:
        campaign = ctx.campaigns.get(unit.key)
        if campaign is None or VerificationMark.objects.filter(application__campaign=campaign).exists():
            continue
        hr = ctx.users[unit.hr]
        apps = list(Application.objects.filter(campaign=campaign, state=State.SUBMITTED).order_by("id")[:2])
        with transaction.atomic():
            for n, app in enumerate(apps):
                _version, items, _marks = services.checklist(app)
                marks = [{"section": i.section, "item_id": i.item_id, "status": "verified"} for i in items]
                if n == 1:  # the second: half checked, one problem on its first education item
                    marks = marks[: len(marks) // 2]
                    edu = next((i for i in items if i.section == "education"), None)
                    marks = [mk for mk in marks if edu is None or (mk["section"], mk["item_id"]) != edu.key]
                    if edu is not None:
                        marks.append({"section": "education", "item_id": edu.item_id, "status": "problem",
                                      "note": PROBLEM})
                if marks:
                    services.set_marks(hr, app, marks)
