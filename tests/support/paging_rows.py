"""Rows written directly for the API list paging tests (tests/api/test_list_paging_more.py): only the lists'
reads are measured there, so the records are made as data, not through each stage's services. Times are
spread so that pairs tie (the id decides a tie)."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from tests import factories as f
from zhicheng.campaigns.models import Campaign
from zhicheng.codes.models import Series, Title
from zhicheng.committee.models import Committee, Expert, ReviewMeeting, SpotCheck, SpotFinding, SpotReturn
from zhicheng.dossier.models import Application
from zhicheng.office_review.models import Forwarding, ForwardingEntry
from zhicheng.orgs.models import RoleAssignment
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.publicity.models import NoticeEntry, Objection, PublicNotice
from zhicheng.results.models import Certificate
from zhicheng.results.models_appeals import Appeal
from zhicheng.unit_submission.models import SubmissionEntry, UnitSubmission
from zhicheng.workflow.states import State

_seq = itertools.count(1)


def _spread(objs, field: str) -> None:
    """`field` of the rows: a minute apart, two by two (ties)."""
    base = timezone.now() - datetime.timedelta(days=1)
    for i, o in enumerate(objs):
        type(o).objects.filter(pk=o.pk).update(**{field: base + datetime.timedelta(minutes=next(_seq) + i // 2)})
        o.refresh_from_db(fields=[field])


def newest_first(objs, field: str) -> list[int]:
    """The ids of the rows by `field` descending, the id descending on a tie."""
    for o in objs:
        o.refresh_from_db(fields=[field])
    return [o.pk for o in sorted(objs, key=lambda o: (getattr(o, field), o.pk), reverse=True)]


def user_with_roles(world, roles, *, name: str):
    (role, org), *more = roles
    u = f.user(role, org, name=name)
    for role, org in more:
        RoleAssignment.objects.create(user=u, role=role, organization=org)
    return u


def applications(unit, n: int, *, state: str | None = None) -> list[Application]:
    """`n` more applicants of `unit`, one application each in the unit's campaign (in `state` if given)."""
    campaign = Campaign.objects.filter(unit=unit).order_by("pk").first()
    apps = [f.application(f.user(Role.APPLICANT, unit, name=f"申报人{next(_seq)}"), campaign) for _ in range(n)]
    if state:
        Application.objects.filter(pk__in=[a.pk for a in apps]).update(state=state)
    return apps


# --------------------------------------------------------------------------- §四 committees

def committees(host, valid_untils) -> list[Committee]:
    series = Series.objects.get(code="080")
    out = []
    for until in valid_untils:
        org = f.org(f"评审委员会{next(_seq)}", OrgKind.COMMITTEE, host)
        out.append(Committee.objects.create(
            org=org, host=host, series=series, levels=["senior"], approval_number="冀职改办〔2025〕12号",
            approval_date=datetime.date(2026, 1, 1), valid_from=datetime.date(2026, 1, 1), valid_until=until))
    return out


def experts(host, n: int) -> list[Expert]:
    title = Title.objects.get(code="Z0801")
    return [Expert.objects.create(host=host, real_name=f"专家{next(_seq)}", unit_name="河北工业大学", title=title,
                                  specialty="电气", term_start=datetime.date(2026, 1, 1),
                                  term_end=datetime.date(2028, 12, 31)) for _ in range(n)]


def meetings(committee: Committee, days) -> list[ReviewMeeting]:
    return [ReviewMeeting.objects.create(committee=committee, level="senior", date=d, place="石家庄") for d in days]


# --------------------------------------------------------------------------- §五 appeals, certificates

def appeals(app, filed_by, handler, n: int) -> list[Appeal]:
    """Closed requests (any number of them per application and kind), filed at spread times."""
    made = [Appeal.objects.create(application=app, kind=Appeal.Kind.RECHECK, text="请求复查。", handler_org=handler,
                                  state_when_filed=State.FAILED, status=Appeal.Status.CLOSED, filed_by=filed_by)
            for _ in range(n)]
    _spread(made, "filed_at")
    return made


def certificates(world, holder, days) -> list[Certificate]:
    title = Title.objects.get(code="082")
    out = []
    for day, app in zip(days, applications(world.unit, len(days)), strict=True):
        n = next(_seq)
        out.append(Certificate.objects.create(
            application=app, holder=holder, number=f"冀ZC2026{n:06d}", holder_name=holder.real_name,
            id_number=holder.id_number, unit_name=world.unit.name, series="工程技术", specialty="电气",
            title=title, level=title.level, committee_name="河北省工程技术评审委员会", authority="河北省职改办",
            document_number="冀职改〔2026〕12号", obtained_on=day, issued_on=day, verification_code=f"V{n:015d}",
            issued_by=world.provincial))
    return out


# --------------------------------------------------------------------------- §二 publicity

def notices(campaign, hr, starts, apps) -> list[PublicNotice]:
    """Notices of the campaign's unit starting on `starts`, each listing `apps` in that order."""
    out = []
    for day in starts:
        n = PublicNotice.objects.create(campaign=campaign, unit=campaign.unit, title=f"公示{next(_seq)}",
                                        starts_on=day, ends_on=day + datetime.timedelta(days=7), working_days=5,
                                        published_by=hr)
        for i, app in enumerate(apps, 1):
            NoticeEntry.objects.create(notice=n, application=app, version_number=1, fingerprint="f" * 64, order=i)
        out.append(n)
    return out


def objections(notice, n: int) -> list[Objection]:
    entry = notice.entries.order_by("order").first()
    made = [Objection.objects.create(notice=notice, entry=entry, real_name="王五", contact="13912345678",
                                     facts="学历造假") for _ in range(n)]
    _spread(made, "created_at")
    return made


# --------------------------------------------------------------------------- §二(八)/§三 unit batches

def unit_batches(campaign, hr, n: int, *, people) -> list[UnitSubmission]:
    """`n` batches of the campaign's unit: `people` (applications) and then one paper person each."""
    title = Title.objects.get(code="082")
    made = []
    for _ in range(n):
        sub = UnitSubmission.objects.create(campaign=campaign, unit=campaign.unit, submitted_by=hr)
        for i, app in enumerate(people, 1):
            SubmissionEntry.objects.create(submission=sub, application=app, order=i, name=app.applicant.real_name,
                                           id_number=app.applicant.id_number, title=app.title, level=app.level,
                                           specialty="电气")
        SubmissionEntry.objects.create(submission=sub, order=len(people) + 1, name="纸质申报人",
                                       id_number=f.id_number(900 + next(_seq)), title=title, level=title.level,
                                       specialty="电气")
        made.append(sub)
    _spread(made, "submitted_at")
    return made


def batches_of(unit) -> list[UnitSubmission]:
    return list(UnitSubmission.objects.filter(unit=unit))


# --------------------------------------------------------------------------- §四(一) spot checks

def province_batch(world, n: int) -> tuple[Forwarding, list[Application]]:
    """A province batch of world.office with `n` new applications of world.unit (in SPOT_CHECK)."""
    batch = Forwarding.objects.create(office=world.office, to_org=world.province, kind=Forwarding.Kind.PROVINCE,
                                      year=2026, created_by=world.office_reviewer)
    return batch, more_entries(world, batch, n)


def more_entries(world, batch, n: int) -> list[Application]:
    start = batch.entries.count()
    apps = applications(world.unit, n, state=State.SPOT_CHECK)
    for i, app in enumerate(apps, start + 1):
        ForwardingEntry.objects.create(forwarding=batch, application=app, order=i)
    return apps


def spot_check(world, batch, *, sampled, findings=None) -> SpotCheck:
    """The batch's draw as data: `sampled` drawn; `findings` {application: problem items}."""
    ids = sorted(batch.entries.values_list("application_id", flat=True))
    check = SpotCheck.objects.create(forwarding=batch, seed="s", method="random.Random(seed).sample",
                                     share_percent=10, minimum=1, size=len(sampled), eligible_ids=ids,
                                     sampled_ids=[a.pk for a in sampled], by=world.provincial)
    for app, items in (findings or {}).items():
        SpotFinding.objects.create(spot_check=check, application=app, result=SpotFinding.Result.PROBLEM, items=items,
                                   by=world.provincial)
    return check


def spot_returns(world, unit, deadlines) -> list[SpotReturn]:
    """Applications of `unit` returned after a spot check (SPOT_RETURNED, unresolved), one per deadline."""
    office = unit.parent
    batch = Forwarding.objects.create(office=office, to_org=world.province, kind=Forwarding.Kind.PROVINCE,
                                      year=2026, created_by=world.provincial)
    apps = applications(unit, len(deadlines), state=State.SPOT_RETURNED)
    check = SpotCheck.objects.create(forwarding=batch, seed="s", method="m", share_percent=10, minimum=1,
                                     size=len(apps), eligible_ids=[a.pk for a in apps],
                                     sampled_ids=[a.pk for a in apps], by=world.provincial)
    return [SpotReturn.objects.create(spot_check=check, application=app, reasons=["缺少业绩证明"], note="",
                                      deadline=day, by=world.provincial) for app, day in zip(apps, deadlines, strict=True)]
