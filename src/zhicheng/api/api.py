"""JSON API /api/v1/: one router per resource, each a thin layer over the same services, forms and permission
predicates as the screens; one error handler per kind of refusal (errors.py). OpenAPI at /api/v1/openapi.json,
interactive docs at /api/v1/docs."""

from __future__ import annotations

from ninja import NinjaAPI

from . import (
               accounts,
               actions,
               appeals,
               applications,
               bans,
               campaigns,
               certificates,
               codes,
               committees,
               eligibility,
               errors,
               host_review,
               meeting_agenda,
               messages,
               office_handin,
               office_online,
               office_prereview,
               office_schedule,
               people,
               publicity,
               result_flow,
               scoring,
               sections,
               spot_checks,
               statistics,
               unit_submission,
               verification,
               votes,
)
from .auth import AUTH

api = NinjaAPI(title="职称申报评审系统 API", version="1", auth=AUTH, urls_namespace="api",
               description="与界面相同的权限与业务规则。会话认证（需 CSRF）或 Bearer 令牌。")
errors.install(api)

api.add_router("/", accounts.router)
api.add_router("/people", people.router)
api.add_router("/codes", codes.router)
api.add_router("/campaigns", campaigns.router)
api.add_router("/applications", applications.router)
api.add_router("/applications", sections.router)
api.add_router("/applications", actions.router)
api.add_router("/publicity", publicity.router)
api.add_router("/bans", bans.router)
api.add_router("/", unit_submission.router)
api.add_router("/applications", verification.router)
api.add_router("/applications", eligibility.router)
api.add_router("/scoring", scoring.router)
api.add_router("/", office_online.router)
api.add_router("/", office_prereview.router)
api.add_router("/", office_handin.router)
api.add_router("/office/schedule", office_schedule.router)
api.add_router("/messages", messages.router)
api.add_router("/committees", committees.router)
api.add_router("/committee-meetings", meeting_agenda.router)
api.add_router("/certificates", certificates.router)
api.add_router("/statistics", statistics.router)
api.add_router("/appeals", appeals.router)
api.add_router("/votes", votes.router)
api.add_router("/spot-checks", spot_checks.router)
api.add_router("/host-review", host_review.router)
api.add_router("/results", result_flow.router)
