"""单位公示 (§二(七)): the unit HR publishes and reads its notices, lists the objections and their findings;
the public (no login) reads a running notice and raises an objection — the same services as the screens.

The public POST takes multipart/form-data (evidence files) without authentication, so without CSRF (there is
no session to ride on); it is rate-limited per client address (parameter `objections_per_hour`)."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.campaigns.models import Campaign
from zhicheng.http import IdsFirst, client_ip
from zhicheng.publicity import services
from zhicheng.publicity.forms import NoticeForm
from zhicheng.publicity.models import NoticeEntry, Objection, PublicNotice

from .common import WRITE_ERRORS, Problem

router = Router(tags=["单位公示"])


class EntryOut(Schema):
    id: int
    application_id: int
    name: str
    title: str
    version_number: int
    fingerprint: str
    state: str
    state_label: str
    passed: bool


class NoticeOut(Schema):
    id: int
    campaign_id: int
    unit: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    period: str
    working_days: int
    phase: str
    closed: bool
    entries: list[EntryOut]


class NoticeIn(Schema):
    campaign_id: int
    starts_on: str = ""
    title: str = ""


class ObjectionOut(Schema):
    id: int
    notice_id: int
    entry_id: int
    applicant: str
    real_name: str
    contact: str
    facts: str
    created_at: datetime.datetime
    status: str
    status_label: str
    investigation: str
    finding: str
    evidence: list[str]


class PublicPersonOut(Schema):
    entry_id: int
    name: str
    unit: str
    series: str
    specialty: str
    title: str
    under_investigation: bool
    education: list[str]
    seniority: str
    publications: list[str]
    awards: list[str]
    summary: str


class PublicNoticeOut(Schema):
    id: int
    unit: str
    title: str
    period: str
    starts_on: datetime.date
    ends_on: datetime.date
    people: list[PublicPersonOut]


class ReceivedOut(Schema):
    id: int
    message: str


# A page of notices reads all its people in one query (prefetched), not one query per notice.
ENTRIES = Prefetch("entries", queryset=NoticeEntry.objects.select_related(
    "application__applicant", "application__title").order_by("order", "id"))


def _notice_out(n: PublicNotice) -> dict:
    prefetch_related_objects([n], ENTRIES)  # a no-op when the page's rows already carry them
    entries = n.entries.all()
    return {"id": n.pk, "campaign_id": n.campaign_id, "unit": n.unit.name, "title": n.title,
            "starts_on": n.starts_on, "ends_on": n.ends_on, "period": services.period_text(n),
            "working_days": n.working_days, "phase": services.phase(n), "closed": n.closed_at is not None,
            "entries": [{"id": e.pk, "application_id": e.application_id, "name": e.application.applicant.real_name,
                         "title": e.application.title.name, "version_number": e.version_number,
                         "fingerprint": e.fingerprint, "state": e.application.state,
                         "state_label": e.application.get_state_display(), "passed": e.passed_at is not None}
                        for e in entries]}


def _objection_out(o: Objection) -> dict:
    return {"id": o.pk, "notice_id": o.notice_id, "entry_id": o.entry_id,
            "applicant": o.entry.application.applicant.real_name, "real_name": o.real_name, "contact": o.contact,
            "facts": o.facts, "created_at": o.created_at, "status": o.status, "status_label": o.get_status_display(),
            "investigation": o.investigation, "finding": o.finding,
            "evidence": [ev.file.original_name for ev in o.evidence.all()]}


@router.get("/notices", response=list[NoticeOut], summary="本单位的公示（单位人事；分页，最近在前）")
@paginate(PageNumberPagination, page_size=20)
def list_notices(request):
    notices = services.notices_for(request.auth)
    return IdsFirst(notices.order_by("-starts_on", "-id"), notices.prefetch_related(ENTRIES), _notice_out)


@router.post("/notices", response={201: NoticeOut, **WRITE_ERRORS}, summary="发布公示（单位人事）")
def create_notice(request, payload: NoticeIn):
    campaign = Campaign.objects.filter(pk=payload.campaign_id, unit_id__in=services.hr_units(request.auth)).first()
    if campaign is None:
        raise Http404
    form = NoticeForm({"starts_on": payload.starts_on, "title": payload.title})
    if not form.is_valid():
        fields = {k: [str(e) for e in v] for k, v in form.errors.items()}
        raise services.PublicityRefusal([m for v in fields.values() for m in v], fields)
    notice = services.start_notice(request.auth, campaign=campaign, starts_on=form.cleaned_data["starts_on"],
                                   title=form.cleaned_data["title"], ip=client_ip(request))
    return Status(201, _notice_out(notice))


@router.get("/notices/{id:pk}", response=NoticeOut, summary="公示详情（单位人事）")
def get_notice(request, pk: int):
    return _notice_out(get_object_or_404(services.notices_for(request.auth), pk=pk))


@router.post("/notices/{id:pk}/close", response={200: NoticeOut, **WRITE_ERRORS}, summary="公示期满无异议，结束公示")
def close_notice(request, pk: int):
    notice = get_object_or_404(services.notices_for(request.auth), pk=pk)
    services.close_notice(request.auth, notice, ip=client_ip(request))
    notice.refresh_from_db()
    return Status(200, _notice_out(notice))


@router.get("/objections", response=list[ObjectionOut], summary="收到的异议及核查结论（单位人事；分页，最新在前）")
@paginate(PageNumberPagination, page_size=20)
def list_objections(request, notice: int | None = None):
    qs = services.objections_for(request.auth)
    if notice:
        qs = qs.filter(notice_id=notice)
    return IdsFirst(qs.order_by("-created_at", "-id"), services.objections_for(request.auth)
                    .prefetch_related("evidence__file"), _objection_out)


@router.get("/objections/{id:pk}", response=ObjectionOut, summary="异议详情（单位人事）")
def get_objection(request, pk: int):
    return _objection_out(get_object_or_404(services.objections_for(request.auth).prefetch_related("evidence__file"),
                                            pk=pk))


# --------------------------------------------------------------------------- public (no login)


def _running(pk: int) -> PublicNotice:
    notice = get_object_or_404(PublicNotice.objects.select_related("unit", "campaign"), pk=pk)
    return notice


@router.get("/public/{id:pk}", auth=None, response={200: PublicNoticeOut, 404: Problem, 410: Problem},
            summary="正在进行的公示（公开，无需登录）")
def public_notice(request, pk: int):
    notice = _running(pk)
    phase = services.phase(notice)
    if phase != "running":
        problems = services.objection_window_problems(notice)
        message = (f"公示已结束（公示期{services.period_text(notice)}）。" if phase == "ended" else problems[0])
        return Status(410 if phase == "ended" else 404, {"detail": [message], "fields": {}})
    people = services.public_people(notice, services.shown_entries(notice))
    return {"id": notice.pk, "unit": notice.unit.name, "title": notice.title, "period": services.period_text(notice),
            "starts_on": notice.starts_on, "ends_on": notice.ends_on,
            "people": [{**{k: p[k] for k in ("name", "unit", "series", "specialty", "title", "under_investigation",
                                             "education", "seniority", "publications", "awards", "summary")},
                        "entry_id": p["entry"].pk} for p in people]}


@router.post("/public/{id:pk}/objections", auth=None, response={201: ReceivedOut, 404: Problem, 422: Problem},
             summary="反映问题（公开，实名，限频）")
def public_objection(request, pk: int, entry_id: Form[int], real_name: Form[str], contact: Form[str],
                     facts: Form[str], evidence: File[list[UploadedFile]] = None):
    notice = _running(pk)
    o = services.raise_objection(notice, entry_id=entry_id, real_name=real_name, contact=contact, facts=facts,
                                 files=evidence or [], ip=client_ip(request))
    return Status(201, {"id": o.pk, "message": "您反映的问题已收到，公示单位将依规核查。"})
