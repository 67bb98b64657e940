"""申报条件核对 (§三(一) 资格预审): every condition of the application's series and level with pass/fail and the
data behind it — for anyone who may view the application (out of scope: 404, audited)."""

from __future__ import annotations

import datetime

from ninja import Router, Schema, Status

from zhicheng.eligibility.services import evaluate

from .common import Problem, app_or_404

router = Router(tags=["申报条件核对"])


class ResultOut(Schema):
    key: str
    label: str
    passed: bool
    detail: str


class EligibilityOut(Schema):
    condition_set: str
    passed: bool
    on: datetime.date
    reference_date: datetime.date | None
    failed: int
    results: list[ResultOut]


@router.get("/{id:pk}/eligibility", response={200: EligibilityOut, 404: Problem},
            summary="申报条件核对：每一项条件是否符合及其依据")
def get_eligibility(request, pk: int):
    report = evaluate(app_or_404(request, pk))
    return Status(200, {"condition_set": report.title, "passed": report.passed, "on": report.on,
                        "reference_date": report.reference_date, "failed": len(report.failed),
                        "results": [r.__dict__ for r in report.results]})
