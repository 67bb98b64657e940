"""§二(五)(六) business rules: the scheme, assessors, scores, aggregation, finishing the scoring, the ranking
sheet, the quota and the collective decision. Plain functions taking `actor`, one transaction each.

One module per part, each importing only those before it: `access` (ScoringError, who may) → `scheme` →
`ranking` (aggregation, the sheet) → `scores` (assessors, score sheets, finishing) → `decision` (quota,
collective decision). Callers use this package's names (`from zhicheng.scoring import services`)."""

from .access import ScoringError, in_scope, is_chair, leader_assignment, require_decider, require_hr
from .decision import decision_recorded_problems, departures, record_decision, set_quota
from .ranking import (
    SHEET_STATES,
    TWO,
    Row,
    Sheet,
    aggregate,
    groups,
    rank_rows,
    ranking_sheet,
    score_rows,
    sheet_applications,
)
from .scheme import (
    ONE,
    add_series_scheme,
    campaign_scheme,
    frozen,
    parse_points,
    scheme_applications,
    scheme_for,
    update_scheme,
)
from .scores import (
    DECLARE,
    SCORE,
    assessor_categories,
    assessor_q,
    assign,
    campaign_assignments,
    conflict,
    declare,
    finish_scoring,
    others_scores_visible,
    reopen,
    save_scores,
    scores_complete_problems,
    visible_assignments,
)

__all__ = [
    "DECLARE", "ONE", "SCORE", "SHEET_STATES", "TWO", "Row", "ScoringError", "Sheet", "add_series_scheme",
    "aggregate", "assessor_categories", "assessor_q", "assign", "campaign_assignments", "campaign_scheme",
    "conflict", "decision_recorded_problems", "declare", "departures", "finish_scoring", "frozen", "groups",
    "in_scope", "is_chair", "leader_assignment", "others_scores_visible", "parse_points", "rank_rows",
    "ranking_sheet", "record_decision", "reopen", "require_decider", "require_hr", "save_scores", "scheme_applications",
    "scheme_for", "score_rows", "scores_complete_problems", "set_quota", "sheet_applications", "update_scheme",
    "visible_assignments",
]
