"""§四 评审委员会与专家库: committees (approval and validity), the hosts' expert pools, review meetings and
the reproducible random draw of their panels. Each function takes the acting user (Role.COMMITTEE_HOST of
the host), runs in one transaction and writes the audit event; views and the API only call these."""

from __future__ import annotations

import datetime
import random
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.codes.models import SENIOR_LEVELS, Level, Series, Title, get_param
from zhicheng.errors import Refusal
from zhicheng.http import int_param
from zhicheng.integrity.services import years_later
from zhicheng.orgs.models import Organization
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.workdays.formats import cn_date

from . import permissions as perm
from .models import Committee, Expert, PanelDraw, ReviewMeeting

# Higher is a higher title level; an expert reviewing senior titles holds at least the level reviewed.
LEVEL_RANK = {Level.CLERK: 1, Level.ASSISTANT: 2, Level.INTERMEDIATE: 3, Level.ASSOCIATE_SENIOR: 4, Level.SENIOR: 5}
METHOD = ("将符合条件的专家按编号升序排列，以记录的随机种子初始化 Python random.Random(种子)，"
          "调用 sample(候选编号列表, 抽取人数) 依次抽出；首次抽取的第一位为主任委员。"
          "任何人以相同种子和相同候选编号列表重新运行均得到相同结果。")


# --------------------------------------------------------------------------- scope


def _require_host(user) -> list:
    hosts = perm.host_orgs(user)
    if not hosts:
        raise PermissionDenied("只有评委会组建单位可以管理评审委员会和专家库。")
    return hosts


def committees_for(user) -> QuerySet[Committee]:
    ids = [o.pk for o in perm.host_orgs(user)]
    return Committee.objects.filter(host_id__in=ids).select_related("org", "host", "series")


def experts_for(user) -> QuerySet[Expert]:
    ids = [o.pk for o in perm.host_orgs(user)]
    return Expert.objects.filter(host_id__in=ids).select_related("title", "title__series", "user", "host")


def meetings_for(user) -> QuerySet[ReviewMeeting]:
    ids = [o.pk for o in perm.host_orgs(user)]
    return ReviewMeeting.objects.filter(committee__host_id__in=ids).select_related(
        "committee", "committee__org", "committee__series")


def _host(user, host_id: int | None) -> Organization:
    hosts = _require_host(user)
    host = hosts[0] if host_id is None else next((o for o in hosts if o.pk == host_id), None)
    if host is None:
        raise Http404
    return host


# --------------------------------------------------------------------------- committees


def validity_limit(valid_from: datetime.date) -> datetime.date:
    """The last day a committee approved from `valid_from` may be valid: `committee_validity_years` (3) full
    years, the first day counted (1 January 2026 → 31 December 2028)."""
    return years_later(valid_from, get_param("committee_validity_years")) - datetime.timedelta(days=1)


def level_label(code: str) -> str:
    return Level(code).label if code in Level.values else code


def committee_kind(committee: Committee, level: str) -> tuple[str, str]:
    """(parameter key, label) of the minimum panel size for a meeting of `committee` reviewing `level`."""
    if level in SENIOR_LEVELS:
        if committee.specialty:
            return "committee_min_senior_specialty", "按专业组建的高级评审委员会"
        return "committee_min_senior_series", "按系列组建的高级评审委员会"
    return "committee_min_other", "中初级评审委员会"


def is_valid_on(committee: Committee, day: datetime.date) -> bool:
    return committee.valid_from <= day <= committee.valid_until


@transaction.atomic
def create_committee(user, *, name: str, series_code: str, specialty: str = "", levels: list[str],
                     approval_number: str, approval_date: datetime.date, valid_from: datetime.date,
                     valid_until: datetime.date, host_id: int | None = None, ip: str | None = None) -> Committee:
    host = _host(user, host_id)
    problems, fields = [], {}
    series = Series.objects.filter(code=series_code).first()
    if series is None:
        fields["series_code"] = ["请选择系列。"]
    name, specialty, approval_number = name.strip(), specialty.strip(), approval_number.strip()
    if not name:
        fields["name"] = ["请填写评审委员会名称。"]
    elif len(name) > 200:
        fields["name"] = ["评审委员会名称不超过200字。"]
    if len(specialty) > 100:
        fields["specialty"] = ["专业不超过100字。"]
    if not approval_number:
        fields["approval_number"] = ["请填写核准文号。"]
    elif len(approval_number) > 100:
        fields["approval_number"] = ["核准文号不超过100字。"]
    levels = list(dict.fromkeys(levels))
    if not levels or any(v not in Level.values for v in levels):
        fields["levels"] = ["请选择评审级别。"]
    try:
        limit = validity_limit(valid_from)
    except ValueError:  # a year the calendar cannot count three years past
        limit = None
    if valid_until < valid_from:
        fields["valid_until"] = ["有效期止不能早于有效期起。"]
    elif limit is None:
        fields["valid_from"] = ["有效期起超出可登记的日期范围，请核对。"]
    elif valid_until > limit:
        years = get_param("committee_validity_years")
        fields["valid_until"] = [f"评审委员会核准有效期不超过{years}年：自{cn_date(valid_from)}起，"
                                 f"最晚至{cn_date(limit)}。"]
    if approval_date > valid_from:
        fields["approval_date"] = ["核准日期不能晚于有效期起。"]
    elif approval_date > _today():  # the approval document exists before the committee is registered
        fields["approval_date"] = [f"核准日期不能晚于今天（{cn_date(_today())}）。"]
    for messages in fields.values():
        problems.extend(messages)
    if problems:
        raise Refusal(problems, fields)
    org = Organization.objects.create(name=name, kind=OrgKind.COMMITTEE, parent=host)
    committee = Committee.objects.create(
        org=org, host=host, series=series, specialty=specialty, levels=levels, approval_number=approval_number,
        approval_date=approval_date, valid_from=valid_from, valid_until=valid_until)
    record("committee.create", actor=user, obj=committee, role=Role.COMMITTEE_HOST, organization=host, ip=ip,
           details={"series": series.code, "specialty": specialty, "levels": levels,
                    "valid_from": valid_from.isoformat(), "valid_until": valid_until.isoformat()})
    return committee


# --------------------------------------------------------------------------- the expert pool


def _expert_problems(user, host, *, real_name, unit_name, title_code, specialty, term_start, term_end,
                     user_id) -> tuple[dict, Title | None, object]:
    fields: dict[str, list[str]] = {}
    for name, value, label, longest in (("real_name", real_name, "姓名", 50), ("unit_name", unit_name, "工作单位", 200),
                                        ("specialty", specialty, "专业", 100)):
        if not value.strip():
            fields[name] = [f"请填写{label}。"]
        elif len(value.strip()) > longest:
            fields[name] = [f"{label}不超过{longest}字。"]
    title = Title.objects.select_related("series").filter(code=title_code).first()
    if title is None:
        fields["title_code"] = ["请选择职称。"]
    if term_end < term_start:
        fields["term_end"] = ["聘期止不能早于聘期起。"]
    account = None
    if user_id:
        from zhicheng.orgs.models import RoleAssignment

        uid = int_param(user_id)  # an id beyond the column's range matches no one (no 500)
        ra = uid and RoleAssignment.objects.select_related("user").filter(
            user_id=uid, role=Role.EXPERT, organization=host).first()
        if ra is None:
            fields["user_id"] = ["关联的账号须在本组建单位担任评审专家角色。"]
        else:
            account = ra.user
    return fields, title, account


@transaction.atomic
def add_expert(user, *, real_name: str, unit_name: str, title_code: str, specialty: str,
               term_start: datetime.date, term_end: datetime.date, user_id: int | None = None,
               host_id: int | None = None, ip: str | None = None) -> Expert:
    host = _host(user, host_id)
    fields, title, account = _expert_problems(user, host, real_name=real_name, unit_name=unit_name,
                                              title_code=title_code, specialty=specialty, term_start=term_start,
                                              term_end=term_end, user_id=user_id)
    if fields:
        raise Refusal([m for ms in fields.values() for m in ms], fields)
    expert = Expert.objects.create(host=host, real_name=real_name.strip(), unit_name=unit_name.strip(), title=title,
                                   specialty=specialty.strip(), term_start=term_start, term_end=term_end,
                                   user=account)
    record("committee.expert_add", actor=user, obj=expert, role=Role.COMMITTEE_HOST, organization=host, ip=ip,
           details={"title": title.code, "specialty": expert.specialty})
    return expert


@transaction.atomic
def edit_expert(user, expert: Expert, *, real_name: str, unit_name: str, title_code: str, specialty: str,
                term_start: datetime.date, term_end: datetime.date, user_id: int | None = None,
                ip: str | None = None) -> Expert:
    if not perm.can_manage_expert(user, expert):
        raise Http404
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    fields, title, account = _expert_problems(user, expert.host, real_name=real_name, unit_name=unit_name,
                                              title_code=title_code, specialty=specialty, term_start=term_start,
                                              term_end=term_end, user_id=user_id)
    if fields:
        raise Refusal([m for ms in fields.values() for m in ms], fields)
    before = {"title": expert.title.code, "term_end": expert.term_end.isoformat(), "specialty": expert.specialty}
    expert.real_name, expert.unit_name, expert.title = real_name.strip(), unit_name.strip(), title
    expert.specialty, expert.term_start, expert.term_end, expert.user = specialty.strip(), term_start, term_end, account
    expert.save()
    record("committee.expert_edit", actor=user, obj=expert, role=Role.COMMITTEE_HOST, organization=expert.host,
           ip=ip, details={"before": before, "title": title.code, "term_end": term_end.isoformat()})
    return expert


# --------------------------------------------------------------------------- meetings


def _today() -> datetime.date:
    return timezone.localdate()


def expired_message(committee: Committee) -> str:
    return (f"评审委员会“{committee}”的有效期为{cn_date(committee.valid_from)}至{cn_date(committee.valid_until)}，"
            "有效期外不能召开评审会议或抽取专家。")


@transaction.atomic
def create_meeting(user, committee: Committee, *, level: str, date: datetime.date, place: str,
                   ip: str | None = None) -> ReviewMeeting:
    if not perm.can_manage_committee(user, committee):
        raise Http404
    fields: dict[str, list[str]] = {}
    if level not in committee.levels:
        fields["level"] = [f"该评审委员会不评审{level_label(level)}。"]
    if not place.strip():
        fields["place"] = ["请填写评审地点。"]
    elif len(place.strip()) > 200:
        fields["place"] = ["评审地点不超过200字。"]
    if date < _today():
        fields["date"] = ["评审日期不能早于今天。"]
    elif not is_valid_on(committee, date) or _today() > committee.valid_until:
        fields["date"] = [expired_message(committee)]
    if fields:
        raise Refusal([m for ms in fields.values() for m in ms], fields)
    meeting = ReviewMeeting.objects.create(committee=committee, level=level, date=date, place=place.strip())
    record("committee.meeting_create", actor=user, obj=meeting, role=Role.COMMITTEE_HOST,
           organization=committee.host, ip=ip, details={"level": level, "date": date.isoformat()})
    return meeting


def panel(meeting: ReviewMeeting, draws: list[PanelDraw] | None = None) -> tuple[list[int], int | None]:
    """The meeting's members (expert ids, in order of drawing, replaced ones taken out) and its chair."""
    draws = list(meeting.draws.all()) if draws is None else draws
    members: list[int] = []
    chair = None
    for d in draws:
        gone = set(d.replaced_ids)
        members = [e for e in members if e not in gone] + list(d.drawn_ids)
        if d.chair_id:
            chair = d.chair_id
    return members, chair


def eligible_experts(meeting: ReviewMeeting, exclude: set[int] = frozenset()) -> list[Expert]:
    """The host's experts who may sit on the meeting's panel, by ascending id: term covers the meeting date,
    series (and specialty, for a committee by specialty) match, for senior levels a title at least at the
    level reviewed; `exclude` (already drawn) left out."""
    committee = meeting.committee
    qs = Expert.objects.filter(host_id=committee.host_id, term_start__lte=meeting.date, term_end__gte=meeting.date,
                               title__series_id=committee.series_id).select_related("title").order_by("pk")
    if committee.specialty:
        qs = qs.filter(specialty=committee.specialty)
    experts = [e for e in qs if e.pk not in exclude]
    if meeting.level in SENIOR_LEVELS:
        needed = LEVEL_RANK[meeting.level]
        experts = [e for e in experts if LEVEL_RANK.get(e.title.level, 0) >= needed]
    return experts


def sample(seed: str, eligible_ids: list[int], size: int) -> list[int]:
    """The reproducible draw: anyone re-running it with the recorded seed and eligible ids gets the same list."""
    return random.Random(seed).sample(sorted(eligible_ids), size)


def _check_drawable(meeting: ReviewMeeting) -> None:
    committee = meeting.committee
    if meeting.status == ReviewMeeting.Status.CANCELLED:
        raise Refusal("该评审会议已取消。", conflict=True)
    if not is_valid_on(committee, meeting.date) or _today() > committee.valid_until:
        raise Refusal(expired_message(committee))


@transaction.atomic
def draw_panel(user, meeting: ReviewMeeting, *, size: int, seed: str = "", chair_index: int = 0,
               ip: str | None = None) -> PanelDraw:
    """首次抽取: an odd number of experts, at least the minimum for the committee's type; the first drawn
    chairs (or the one at `chair_index` in the drawn order)."""
    if not perm.can_manage_meeting(user, meeting):
        raise Http404
    meeting = ReviewMeeting.objects.select_for_update().select_related("committee", "committee__org").get(pk=meeting.pk)
    _check_drawable(meeting)
    if meeting.draws.exists():
        raise Refusal("该会议已抽取评审专家；如需替换，请进行补充抽取。", conflict=True)
    key, kind = committee_kind(meeting.committee, meeting.level)
    minimum = get_param(key)
    problems = []
    if size % 2 == 0:
        problems.append(f"评审专家人数须为单数，{size}人为双数。")
    if size < minimum:
        problems.append(f"{kind}评审{level_label(meeting.level)}的会议至少需要{minimum}名专家，{size}人不足。")
    eligible = eligible_experts(meeting)
    if size > len(eligible):
        problems.append(f"专家库中符合条件的专家只有{len(eligible)}名，不足抽取的{size}名"
                        f"（{kind}至少{minimum}名，且须为单数）。请先补充专家库。")
    if not 0 <= chair_index < max(size, 1):
        problems.append("主任委员须为抽中的专家之一。")
    if problems:
        raise Refusal(problems, {"size": problems})
    return _save_draw(user, meeting, PanelDraw.Kind.INITIAL, seed, eligible, size, chair_index=chair_index, ip=ip)


@transaction.atomic
def draw_replacements(user, meeting: ReviewMeeting, *, replaced_ids: list[int], seed: str = "",
                      ip: str | None = None) -> PanelDraw:
    """补充抽取: as many experts as those replaced (who cannot attend), among the eligible never drawn for this
    meeting; the panel keeps its odd size. A replaced chair is succeeded by the first replacement."""
    if not perm.can_manage_meeting(user, meeting):
        raise Http404
    meeting = ReviewMeeting.objects.select_for_update().select_related("committee", "committee__org").get(pk=meeting.pk)
    _check_drawable(meeting)
    draws = list(meeting.draws.all())
    if not draws:
        raise Refusal("该会议尚未首次抽取评审专家。")
    members, chair = panel(meeting, draws)
    replaced_ids = list(dict.fromkeys(int(i) for i in replaced_ids))
    if not replaced_ids:
        raise Refusal("请选择需要替换的专家。", {"replaced_ids": ["请选择需要替换的专家。"]})
    if any(i not in members for i in replaced_ids):
        raise Refusal("只能替换本次会议现有的评审专家。", {"replaced_ids": ["只能替换本次会议现有的评审专家。"]})
    already = {i for d in draws for i in d.drawn_ids}
    eligible = eligible_experts(meeting, exclude=already)
    if len(replaced_ids) > len(eligible):
        msg = f"专家库中尚未抽取过的符合条件专家只有{len(eligible)}名，不足替换的{len(replaced_ids)}名。"
        raise Refusal(msg, {"replaced_ids": [msg]})
    return _save_draw(user, meeting, PanelDraw.Kind.REPLACEMENT, seed, eligible, len(replaced_ids),
                      replaced=replaced_ids, chair_replaced=chair in replaced_ids, ip=ip)


def _save_draw(user, meeting, kind, seed, eligible, size, *, chair_index=0, replaced=(), chair_replaced=False,
               ip=None) -> PanelDraw:
    seed = (seed or "").strip()
    if len(seed) > 64:  # refused, not cut: the recorded seed must be the one given
        raise Refusal("随机种子不超过64字。", {"seed": ["随机种子不超过64字。"]})
    seed = seed or secrets.token_hex(16)
    eligible_ids = [e.pk for e in eligible]
    drawn = sample(seed, eligible_ids, size)
    chair = drawn[chair_index] if kind == PanelDraw.Kind.INITIAL else (drawn[0] if chair_replaced else None)
    draw = PanelDraw.objects.create(meeting=meeting, kind=kind, seed=seed, method=METHOD, size=size,
                                    eligible_ids=eligible_ids, drawn_ids=drawn, replaced_ids=list(replaced),
                                    chair_id=chair, by=user)
    if meeting.status == ReviewMeeting.Status.PLANNED:
        meeting.status = ReviewMeeting.Status.DRAWN
        meeting.save(update_fields=["status"])
    record(f"committee.draw_{kind}", actor=user, obj=meeting, role=Role.COMMITTEE_HOST,
           organization=meeting.committee.host, ip=ip,
           details={"seed": seed, "size": size, "eligible_ids": eligible_ids, "drawn_ids": drawn,
                    "replaced_ids": list(replaced), "chair_id": chair})
    return draw


def draw_rows(meeting: ReviewMeeting) -> dict:
    """Each draw with its experts (one query for the experts of all draws), for the page and the API."""
    draws = list(meeting.draws.select_related("by").all())
    ids = {i for d in draws for i in d.drawn_ids + d.replaced_ids}
    experts = {e.pk: e for e in Expert.objects.filter(pk__in=ids).select_related("title")}
    members, chair = panel(meeting, draws)
    return {"draws": [{"draw": d, "drawn": [experts[i] for i in d.drawn_ids if i in experts],
                       "replaced": [experts[i] for i in d.replaced_ids if i in experts]} for d in draws],
            "members": [experts[i] for i in members if i in experts], "chair": experts.get(chair)}
