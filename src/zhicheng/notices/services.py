"""Publishing and reading 通知公告. Who may publish: the staff who speak for an organisation —
省职改办 for the province, 主管部门 reviewers for an office, unit HR for a unit — each in their own org."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from zhicheng.audit.services import record
from zhicheng.campaigns.models import Campaign
from zhicheng.errors import Refusal
from zhicheng.files.services import UploadError, kept_only_if_committed, store, validate_upload
from zhicheng.orgs.models import Organization
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import assignments

from .models import Notice

PUBLISHER_ROLES = (Role.PROVINCIAL_OFFICE, Role.OFFICE_REVIEWER, Role.UNIT_HR)
# The campaigns whose conditions are public: published ones (open, then closed), never drafts.
PUBLIC_CAMPAIGN_STATUSES = (Campaign.Status.OPEN, Campaign.Status.CLOSED)


class NoticeError(Refusal):
    """A refused publication."""


def publisher_orgs(user) -> list[Organization]:
    """The organisations in whose name `user` may publish (empty: may not publish)."""
    seen: dict[int, Organization] = {}
    for a in assignments(user):
        if a.role in PUBLISHER_ROLES and a.organization is not None:
            seen.setdefault(a.organization.pk, a.organization)
    return list(seen.values())


def _role_in(user, org: Organization) -> str:
    return next(a.role for a in assignments(user) if a.role in PUBLISHER_ROLES and a.organization_id == org.pk)


@transaction.atomic
def publish(actor, *, publisher: Organization, title: str, body: str, attachment=None,
            ip: str | None = None) -> Notice:
    """Publish a notice in the name of `publisher`; the optional attachment must be a PDF."""
    if publisher.pk not in {o.pk for o in publisher_orgs(actor)}:
        raise NoticeError("您不能以该单位名义发布通知公告。", forbidden=True)
    title, body = title.strip(), body.strip()
    problems, fields = [], {}
    if not title:
        problems.append("请填写标题。")
        fields["title"] = ["请填写标题。"]
    if not body:
        problems.append("请填写正文。")
        fields["body"] = ["请填写正文。"]
    if problems:
        raise NoticeError(problems, fields=fields)
    with kept_only_if_committed() as keep:
        stored = None
        if attachment is not None:
            try:
                validate_upload(attachment, allowed=("pdf",))
            except UploadError as exc:
                raise NoticeError(str(exc), fields={"attachment": [str(exc)]}) from None
            stored = keep(store(attachment, "pdf", actor=actor))
        notice = Notice.objects.create(title=title, body=body, publisher=publisher, attachment=stored,
                                       created_by=actor)
        record("notice_publish", actor=actor, obj=notice, role=_role_in(actor, publisher), organization=publisher,
               ip=ip, details={"title": title})
    return notice


@transaction.atomic
def withdraw(actor, notice: Notice, *, ip: str | None = None) -> None:
    """Withdraw (delete) a notice: only staff of its publishing organisation."""
    if notice.publisher_id not in {o.pk for o in publisher_orgs(actor)}:
        raise NoticeError("只有发布单位可以撤下该通知公告。", forbidden=True)
    record("notice_withdraw", actor=actor, obj=notice, role=_role_in(actor, notice.publisher),
           organization=notice.publisher, ip=ip, details={"title": notice.title})
    notice.delete()


def public_notices() -> QuerySet[Notice]:
    return Notice.objects.select_related("publisher", "attachment")


def public_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(status__in=PUBLIC_CAMPAIGN_STATUSES).select_related("unit")
