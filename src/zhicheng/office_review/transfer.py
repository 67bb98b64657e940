"""报送 (seed §三(三)): the office sends its endorsed applications as one batch per destination — the committee
host for 中级/初级 (routing table), the provincial office for 高级 — all or nothing, before its 报送 deadline
(OfficeSchedule step "forward"), with a transfer list (移交清单) in XLSX and A4 PDF built from the entries.

Late forwarding is refused, naming the deadline: 按规定时限 is the rule, and a late batch needs the provincial
office's consent (it is contacted outside the system). The transfer list is a handover receipt that travels
with the bound paper dossiers, which print the ID number in full; the list itself masks it like every other
export (name, unit, title and the application's number identify each dossier)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.documents import pdf, xlsx
from zhicheng.dossier.models import Application
from zhicheng.errors import Refusal
from zhicheng.messaging.services import notify
from zhicheng.orgs.models import RoleAssignment
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import orgs_for_role
from zhicheng.orgs.validators import mask_id_number
from zhicheng.workdays.formats import cn_date
from zhicheng.workflow.services import transition_many
from zhicheng.workflow.states import State

from . import routing
from .models import Forwarding, ForwardingEntry, OfficeSchedule
from .schedule import deadline, office_of

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [("序号", 6), ("姓名", 10), ("身份证号", 22), ("工作单位", 28), ("申报系列", 14), ("申报专业", 16),
           ("申报职称", 16), ("级别", 8), ("呈报意见日期", 16), ("评审费票据号", 16)]


class ForwardError(Refusal):
    pass


@dataclass
class Group:
    kind: str
    org: object | None
    year: int
    apps: list = field(default_factory=list)
    problem: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind or 'stopped'}-{self.org.pk if self.org else id(self)}-{self.year}"


def offices_of(actor) -> list:
    return list(orgs_for_role(actor, Role.OFFICE_REVIEWER))


def check_reviewer(actor, office) -> None:
    if office is None or office not in offices_of(actor):
        raise ForwardError("只有本主管部门的审核人员可以报送。", forbidden=True)


def endorsed(office):
    """The office's applications waiting to be forwarded, with what the page and the list print."""
    return (Application.objects.filter(state=State.OFFICE_ENDORSED, unit__path__startswith=office.path)
            .select_related("applicant", "unit", "series", "title", "campaign").order_by("campaign__year", "pk"))


def groups(office, apps=None) -> tuple[list[Group], list[Group]]:
    """(routed groups by destination and year, unrouted groups) — a constant number of queries."""
    apps = list(endorsed(office) if apps is None else apps)
    routes = routing.load_routes(apps)
    province = routing.province_of(office)
    out: dict = {}
    for app in apps:
        dest = routing.destination(app, office, routes) if province else routing.Destination("", None, None, "")
        # routed: one group per destination and year; stopped: one per missing route (its own message)
        key = (dest.kind, dest.org.pk if dest.org else dest.problem, app.campaign.year)
        g = out.setdefault(key, Group(dest.kind, dest.org, app.campaign.year, problem=dest.problem))
        g.apps.append(app)
    routed = [g for g in out.values() if g.kind]
    stopped = [g for g in out.values() if not g.kind]
    return routed, stopped


def forward_deadline(office, year: int):
    return deadline(office, year, OfficeSchedule.Step.FORWARD)


def tell_province(application, office) -> None:
    """An application with no route is stopped: every user of the provincial office is told (once)."""
    province = routing.province_of(office)
    if province is None:
        return
    users = [a.user for a in RoleAssignment.objects.filter(
        organization=province, role=Role.PROVINCIAL_OFFICE).select_related("user")]
    for user in users:
        notify(user, subject="申报暂停报送：未设置评审路由",
               body=f"{office.name}报送的{application.applicant.real_name}（{application.unit.name}）："
                    f"{routing.unrouted_message(application)}请在评审路由表中补充后通知主管部门报送。",
               link=f"/applications/{application.pk}/", key=f"unrouted:{application.pk}")


def forward(actor, office, applications, *, ip: str | None = None) -> Forwarding:
    """One batch to one destination: all the applications move or none does."""
    check_reviewer(actor, office)
    apps = list(applications)
    if not apps:
        raise ForwardError("请至少选择一份申报。")
    strangers = [a.applicant.real_name for a in apps if not a.unit.path.startswith(office.path)]
    if strangers:
        raise ForwardError(f"以下申报不属于本主管部门：{'、'.join(strangers)}。", forbidden=True)
    routed, stopped = groups(office, apps)
    if stopped:
        for g in stopped:
            for app in g.apps:
                tell_province(app, office)
        raise ForwardError([f"{'、'.join(a.applicant.real_name for a in g.apps)}：{g.problem}" for g in stopped])
    if len(routed) != 1:
        raise ForwardError("一个批次只能报送同一接收单位、同一年度的申报，请分别报送。")
    (group,) = routed
    due = forward_deadline(office, group.year)
    today = timezone.localdate()
    if due is not None and today > due:
        raise ForwardError(f"报送截止日期为{cn_date(due)}，已超过规定时限，不能报送。请与省职改办联系。")
    action = "forward_to_host" if group.kind == "host" else "forward_to_province"
    routes = routing.load_routes(apps)
    with transaction.atomic():
        moved = transition_many(apps, action, actor=actor, ip=ip)
        batch = Forwarding.objects.create(office=office, to_org=group.org, kind=group.kind, year=group.year,
                                          deadline=due, created_by=actor)
        ForwardingEntry.objects.bulk_create([
            ForwardingEntry(forwarding=batch, application=a, order=i, route=routing.find_route(a, routes))
            for i, a in enumerate(moved, 1)])
        record("forwarding", actor=actor, obj=batch, organization=office, ip=ip,
               details={"kind": group.kind, "to": group.org.name, "entries": len(moved)})
    return batch


def forward_one(app, *, actor, ip, reason, data):
    """The map's step on one application (a button on the dossier page): a batch of one."""
    forward(actor, office_of(app), [app], ip=ip)
    app.refresh_from_db()
    return app


def visible_batches(actor):
    """Batches of the actor's offices, or sent to the actor's organisation (host, provincial office)."""
    from django.db.models import Q

    mine = [a.organization_id for a in RoleAssignment.objects.filter(
        user=actor, role__in=[Role.OFFICE_REVIEWER, Role.PROVINCIAL_OFFICE, Role.COMMITTEE_HOST])]
    return Forwarding.objects.filter(Q(office_id__in=mine) | Q(to_org_id__in=mine)).select_related(
        "office", "to_org", "created_by")


# --------------------------------------------------------------------------- transfer list (移交清单)

def rows(batch: Forwarding) -> list[list]:
    from .models import Endorsement, FeePayment

    entries = list(batch.entries.select_related("application__applicant", "application__unit",
                                                "application__series", "application__title"))
    ids = [e.application_id for e in entries]
    signed = dict(Endorsement.objects.filter(application_id__in=ids).values_list("application_id", "signed_on"))
    receipts = dict(FeePayment.objects.filter(application_id__in=ids).values_list("application_id", "receipt_no"))
    out = []
    for e in entries:
        a = e.application
        out.append([e.order, a.applicant.real_name, mask_id_number(a.applicant.id_number), a.unit.name,
                    a.series.name, a.specialty, a.title.name, a.get_level_display(),
                    cn_date(signed.get(a.pk)), receipts.get(a.pk, "")])
    return out


def title(batch: Forwarding) -> str:
    return f"{batch.office.name}{batch.year}年度职称申报材料移交清单（{batch.get_kind_display()}）"


def file_name(batch: Forwarding) -> str:
    return f"移交清单-{batch.office.name}-{batch.to_org.name}-{batch.pk}"


def transfer_xlsx(batch: Forwarding) -> bytes:
    return xlsx.workbook("移交清单", [h for h, _ in COLUMNS], rows(batch), [w for _, w in COLUMNS])


def transfer_pdf(batch: Forwarding) -> bytes:
    """A4 landscape: title, from/to/date, the table, then the signatures of who hands over and who receives."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table

    doc = pdf.A4Document(title=title(batch), author=batch.office.name, stamp=f"报送批次{batch.pk}", landscape=True)
    st = pdf.styles(9)
    when = cn_date(timezone.localtime(batch.created_at).date())
    story = [pdf.para(title(batch), st["title"]), Spacer(1, 3 * mm),
             pdf.para(f"报送单位：{batch.office.name}　　接收单位：{batch.to_org.name}　　报送日期：{when}"
                      f"　　共{batch.entries.count()}份", st["body"])]
    story += pdf.list_table("申报材料", [h for h, _ in COLUMNS], [[str(v) for v in r] for r in rows(batch)],
                            [w for _, w in COLUMNS], doc.width, st)
    sign = Table([[pdf.para("移交人（签名）：", st["body"]), pdf.para("接收人（签名）：", st["body"]),
                   pdf.para("接收日期：　　年　　月　　日", st["body"])]],
                 colWidths=[doc.width / 3] * 3, rowHeights=[16 * mm])
    story += [Spacer(1, 8 * mm), sign]
    return doc.build(story)


# --------------------------------------------------------------------------- overdue (the office's home page)

WAITING_STATES = (State.ONLINE_PASSED, State.OFFICE_ENDORSED)


def overdue(actor, *, limit: int = 50) -> list[dict]:
    """Applications of the actor's offices still waiting to be forwarded after the office's 报送 deadline:
    three queries whatever the number of offices, years and applications."""
    from django.db.models import Q

    offices = offices_of(actor)
    if not offices:
        return []
    due = list(OfficeSchedule.objects.filter(office__in=offices, step=OfficeSchedule.Step.FORWARD,
                                             ends_on__lt=timezone.localdate())
               .values_list("office__path", "year", "ends_on"))
    if not due:
        return []
    q = Q()
    for path, year, _ in due:
        q |= Q(unit__path__startswith=path, campaign__year=year)
    apps = (Application.objects.filter(q, state__in=WAITING_STATES)
            .select_related("applicant", "unit", "title", "campaign").order_by("campaign__year", "pk")[:limit])
    out = []
    for app in apps:
        ends = max(e for path, year, e in due if app.unit.path.startswith(path) and year == app.campaign.year)
        out.append({"application": app, "deadline": ends})
    return out
