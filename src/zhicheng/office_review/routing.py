"""Who reviews an endorsed application (the routing table, `Route`, kept as data).

Seed §三(三)/§四: 中级 (and 初级, by the table) goes to the committee host that covers its series, specialty and
level; 高级 (副高级, 正高级) goes to the provincial office first for its spot check. A row may also ask the
provincial office to spot-check a 中级/初级 route first. A non-senior application with no row is stopped: it is
listed on the forwarding page and the provincial office is told — never lost."""

from __future__ import annotations

from dataclasses import dataclass

from zhicheng.codes.models import SENIOR_LEVELS
from zhicheng.orgs.roles import OrgKind

from .models import Route


@dataclass(frozen=True)
class Destination:
    kind: str  # "host" | "province" | "" (unrouted)
    org: object | None
    route: Route | None
    problem: str = ""

    @property
    def action(self) -> str:
        return {"host": "forward_to_host", "province": "forward_to_province"}.get(self.kind, "")


def province_of(org):
    while org is not None and org.kind != OrgKind.PROVINCE:
        org = org.parent
    return org


def load_routes(applications) -> dict:
    """{(series_id, level): [routes]} for the applications, in one query."""
    keys = {(a.series_id, a.level) for a in applications}
    out: dict = {}
    if not keys:
        return out
    qs = Route.objects.filter(series_id__in={k[0] for k in keys}, level__in={k[1] for k in keys}).select_related(
        "host", "committee")
    for r in qs:
        out.setdefault((r.series_id, r.level), []).append(r)
    return out


def find_route(application, routes: dict | None = None) -> Route | None:
    """The row of the application's series and level for its specialty, else the row for any specialty."""
    rows = (routes if routes is not None else load_routes([application])).get(
        (application.series_id, application.level), [])
    exact = [r for r in rows if r.specialty and r.specialty == application.specialty]
    general = [r for r in rows if not r.specialty]
    return (exact or general or [None])[0]


def unrouted_message(application) -> str:
    return (f"{application.series.name}系列“{application.specialty}”专业{application.get_level_display()}"
            "尚未设置评审路由（评委会组建单位），已暂停报送并通知省职改办。")


def destination(application, office, routes: dict | None = None) -> Destination:
    route = find_route(application, routes)
    if application.level in SENIOR_LEVELS or (route is not None and route.spot_check_first):
        province = province_of(office)
        if province is None:
            return Destination("", None, route, "未找到本主管部门所属的省职改办。")
        return Destination("province", province, route)
    if route is None:
        return Destination("", None, None, unrouted_message(application))
    return Destination("host", route.host, route)
