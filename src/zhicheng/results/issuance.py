"""§五(三)–(四) 发文 and 撤销: one result document (文号 unique, entered by the issuer) moves its whole list
ISSUED with transition_many `issue` and issues each person's certificate (services.issue_certificate) with its
authority and 文号 — the host for filed (备案) 中级/初级 results, the provincial office for approved (核准) 高级
ones (guard issuer_by_level). Revoking a certificate (services.revoke) moves the application REVOKED in the
same transaction (guard revocation_recorded)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.codes.models import SENIOR_LEVELS
from zhicheng.dossier import models as dm
from zhicheng.messaging.services import notify
from zhicheng.orgs.models import Organization
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import assignments, visible
from zhicheng.workdays.formats import cn_date
from zhicheng.workflow.services import TransitionError, transition, transition_many
from zhicheng.workflow.states import State

from . import services
from .models import Certificate
from .models_flow import ResultDocument, ResultDocumentEntry
from .result_notice import ResultFlowRefusal, ids_or_refuse, scope_or_refuse

SINGLE_ISSUE = "发文须在“评审结果发文”页面办理（一个文号一次发放名单内全部人员的证书）。"


def issuer_role(user) -> str | None:
    roles = {a.role for a in assignments(user)}
    if Role.PROVINCIAL_OFFICE in roles:
        return Role.PROVINCIAL_OFFICE
    if Role.COMMITTEE_HOST in roles:
        return Role.COMMITTEE_HOST
    return None


def _issuer_org(user, role):
    return next(a.organization for a in assignments(user) if a.role == role)


def issuable(user, *, committee_id: int | None = None) -> QuerySet[dm.Application]:
    """What the user may put in a document: the host its filed 中级/初级 results, the provincial office the
    approved 高级 ones; of one committee if `committee_id` is given."""
    role = issuer_role(user)
    if role == Role.PROVINCIAL_OFFICE:
        qs = dm.Application.objects.filter(state=State.RESULT_APPROVED)
    elif role == Role.COMMITTEE_HOST:
        qs = visible(user, dm.Application.objects.filter(state=State.RESULT_FILED))
    else:
        return dm.Application.objects.none()
    if committee_id is not None:
        qs = qs.filter(committee_assignment__committee_id=committee_id)
    return qs.select_related("applicant", "unit", "title", "series").order_by("pk")


def issuable_committees(user) -> list:
    """The committees (orgs) whose people wait for the user's document: the choice of the 发文 page."""
    ids = issuable(user).values("committee_assignment__committee_id")
    return list(Organization.objects.filter(pk__in=ids).order_by("name", "pk"))


def chosen_ids(waiting: QuerySet[dm.Application], *, scope: str, ticked, seen) -> list[int]:
    """The document's list from the 发文 page: `scope` "all" takes every person of `waiting`, refused if their
    number is no longer the `seen` one the page showed (someone was filed or issued meanwhile); otherwise the
    ticked rows (ids; anything else refused, never guessed)."""
    if scope_or_refuse(scope) == "all":
        ids = list(waiting.values_list("pk", flat=True))
        if str(len(ids)) != str(seen or "").strip():
            raise ResultFlowRefusal(f"待发文人员已有变化（现有{len(ids)}人），请刷新页面核对名单后再发文。",
                                    {"applications": ["待发文人员已有变化，请刷新页面。"]}, conflict=True)
        return ids
    return ids_or_refuse(ticked, "所选发文人员无效，请刷新页面后重新勾选。")


def documents_for(user) -> QuerySet[ResultDocument]:
    orgs = [a.organization_id for a in assignments(user) if a.role in (Role.PROVINCIAL_OFFICE, Role.COMMITTEE_HOST)]
    return ResultDocument.objects.filter(issuer_id__in=orgs)


def guard_issuer_by_level(application, actor, details) -> list[str]:
    if "document_id" not in details:
        return [SINGLE_ISSUE]
    role = issuer_role(actor)
    if application.level in SENIOR_LEVELS:
        if role != Role.PROVINCIAL_OFFICE:
            return ["高级职称评审结果经核准后由省职改办发文。"]
    elif role != Role.COMMITTEE_HOST:
        return ["中级、初级职称评审结果经备案后由评委会组建单位发文。"]
    return []


def refuse_single_issue(application, *, actor, ip, reason, data):
    raise ResultFlowRefusal(SINGLE_ISSUE)


def _committee_name(application) -> str:
    assignment = getattr(application, "committee_assignment", None)
    return assignment.committee.name if assignment else ""


@transaction.atomic
def issue_document(actor, *, number: str, title: str, authority: str, issued_on: datetime.date,
                   application_ids, ip: str | None = None) -> ResultDocument:
    """发文: the document, then `issue` for its whole list (all or nothing), then one certificate each."""
    role = issuer_role(actor)
    if role is None:
        raise ResultFlowRefusal("只有评委会组建单位或省职改办可以发文。", forbidden=True)
    number, title, authority = (number or "").strip(), (title or "").strip(), (authority or "").strip()
    fields: dict[str, list[str]] = {}
    if not number:
        fields["number"] = ["请填写文号（如：冀职改〔2026〕12号）。"]
    elif len(number) > 100:
        fields["number"] = ["文号不超过100字。"]
    elif ResultDocument.objects.filter(number=number).exists():
        fields["number"] = [f"文号“{number}”已使用，请核对。"]
    if not authority:
        fields["authority"] = ["请填写发文机关。"]
    elif len(authority) > 200:
        fields["authority"] = ["发文机关不超过200字。"]
    if len(title) > 200:
        fields["title"] = ["标题不超过200字。"]
    today = timezone.localdate()
    if not issued_on:
        fields["issued_on"] = ["请填写发文日期。"]
    elif issued_on > today:
        fields["issued_on"] = [f"发文日期不能晚于今天（{cn_date(today)}）。"]
    chosen = sorted(set(ids_or_refuse(application_ids, "所选发文人员无效，请刷新页面后重新勾选。")))
    apps = list(dm.Application.objects.filter(pk__in=chosen).select_related(
        "applicant", "unit", "title", "series", "campaign", "committee_assignment__committee").order_by("pk"))
    if not apps:
        fields["applications"] = ["请至少选择一名发文人员。"]
    elif issued_on and "issued_on" not in fields and issued_on.year < min(a.campaign.year for a in apps):
        fields["issued_on"] = [f"发文日期不能早于{min(a.campaign.year for a in apps)}年度评审。"]
    if fields:
        raise ResultFlowRefusal([m for msgs in fields.values() for m in msgs], fields)
    try:
        with transaction.atomic():
            doc = ResultDocument.objects.create(number=number, title=title or f"关于公布职称评审结果的通知（{number}）",
                                                authority=authority, issued_on=issued_on,
                                                issuer=_issuer_org(actor, role), issued_by=actor)
    except IntegrityError:
        raise ResultFlowRefusal(f"文号“{number}”已使用，请核对。", {"number": [f"文号“{number}”已使用，请核对。"]},
                                conflict=True) from None
    # The issuer by level first (the map's two 发文 steps would only say the state does not fit).
    wrong = [f"{a.applicant.real_name}：{p}" for a in apps for p in guard_issuer_by_level(a, actor, {"document_id": doc.pk})]
    if wrong:
        raise TransitionError(wrong)
    action = "issue_approved" if role == Role.PROVINCIAL_OFFICE else "issue"
    transition_many(apps, action, actor=actor, ip=ip, document_id=doc.pk, document_number=number)
    entries = []
    for i, app in enumerate(apps, 1):
        cert = services.issue_certificate(actor, app, committee_name=_committee_name(app) or authority,
                                          authority=authority, document_number=number, obtained_on=issued_on,
                                          issued_on=issued_on, ip=ip)
        entries.append(ResultDocumentEntry(document=doc, application=app, certificate=cert, order=i))
    ResultDocumentEntry.objects.bulk_create(entries)
    record("results.document_issued", actor=actor, obj=doc, ip=ip, details={"number": number, "people": len(apps)})
    for app in apps:
        notify(app.applicant, subject="职称评审结果已发文", body=f"您的{app.title.name}评审结果已发文（{number}），"
               "职称证书已发放。", link=reverse("results_certificates"))
    return doc


def document_rows(doc: ResultDocument) -> list[ResultDocumentEntry]:
    return list(doc.entries.select_related("certificate__title", "application__unit"))


def document_pdf(doc: ResultDocument) -> bytes:
    """The document as an A4 PDF: 文号, authority, date and the list (no ID numbers)."""
    from reportlab.platypus import Spacer

    from zhicheng.documents.pdf import A4Document, list_table, para, styles

    st = styles(11)
    pdf = A4Document(title=doc.title, author=doc.authority, stamp=doc.number)
    rows = [[str(e.order), e.certificate.holder_name, e.certificate.unit_name,
             f"{e.certificate.series}/{e.certificate.specialty}", e.certificate.title.name,
             e.certificate.get_level_display(), e.certificate.number] for e in document_rows(doc)]
    story = [para(doc.authority, st["title"]), para(doc.number, st["center"]), Spacer(1, 8),
             para(doc.title, st["h2"]),
             para(f"经评审委员会评审、公示，并按规定备案（核准），下列{len(rows)}名同志具备相应专业技术职务任职资格。"
                  "职称证书可登录“证书查询”核验。", st["cell"]),
             *list_table("名单", ["序号", "姓名", "工作单位", "系列/专业", "职称", "级别", "证书编号"], rows,
                         [0.6, 1.2, 2.4, 1.8, 1.6, 0.9, 1.8], pdf.width, st),
             Spacer(1, 16), para(f"{doc.authority}　　{cn_date(doc.issued_on)}", st["cell"])]
    return pdf.build(story)


# --------------------------------------------------------------------------- 撤销


def guard_revocation_recorded(application, actor, details) -> list[str]:
    """Without `certificate` in details the button is offered (its form records the revocation first); the step
    itself needs the certificate revoked in the same transaction."""
    status = Certificate.objects.filter(application_id=application.pk).values_list("status", flat=True).first()
    if status is None:
        return ["该申报没有职称证书，不能撤销职称。"]
    if "certificate" in details and status != Certificate.Status.REVOKED:
        return ["撤销职称须先登记撤销职称证书（事实、理由与认定机关）。"]
    return []


@transaction.atomic
def revoke_title(actor, certificate: Certificate, *, reason: str, on: datetime.date | None = None,
                 authority: str = "", ip: str | None = None) -> Certificate:
    """撤销: the certificate revoked and the ban (services.revoke), and the application ISSUED → REVOKED."""
    cert = services.revoke(actor, certificate, reason=reason, on=on, authority=authority, ip=ip)
    app = dm.Application.objects.get(pk=cert.application_id)
    if app.state == State.ISSUED:
        transition(app, "revoke_title", actor=actor, ip=ip, reason=reason, certificate=cert.number)
    return cert


def revoke_from_dossier(application, *, actor, ip, reason, data):
    cert = Certificate.objects.filter(application_id=application.pk).first()
    if cert is None:
        raise ResultFlowRefusal("该申报没有职称证书，不能撤销职称。")
    revoke_title(actor, cert, reason=reason, on=data.get("on") or timezone.localdate(),
                 authority=data.get("authority", ""), ip=ip)
    application.refresh_from_db()
    return application

