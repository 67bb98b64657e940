"""会议纪要 (§四(三)): the meeting's minutes as an A4 PDF, generated once when the vote closes and then
served from storage, unchangeable: a second generation is refused and the SHA-256 is checked on serving."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse

from zhicheng.audit.services import record
from zhicheng.documents.pdf import A4Document, list_table, para, pdf_response, styles
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import Role
from zhicheng.workdays.formats import cn_date

from .agenda import candidates
from .models import Expert, Minutes, PanelOpinion, ReviewMeeting, VoteSession
from .services import level_label


def _panel_opinions(meeting: ReviewMeeting) -> list[list[str]]:
    """The discipline panels' opinions (评议组意见) on the meeting's candidates: candidate, panel member, text."""
    rows = (PanelOpinion.objects.filter(candidate__meeting=meeting)
            .select_related("candidate__application__applicant", "expert").order_by("candidate__order", "pk"))
    return [[f"{o.candidate.application.applicant.real_name}（{o.expert.real_name}）", o.text] for o in rows]


def content(meeting: ReviewMeeting, session: VoteSession) -> dict:
    """What the minutes print (plain values; the tally stored at closing)."""
    experts = {e.pk: e for e in Expert.objects.filter(pk__in=session.member_ids).select_related("title")}
    present = set(session.present_ids)
    members = [[str(i), experts[e].real_name, experts[e].unit_name, experts[e].title.name,
                "主任委员" if e == session.chair_id else "委员", "出席" if e in present else "缺席"]
               for i, e in enumerate(session.member_ids, 1) if e in experts]
    rows = []
    for c in candidates(meeting, session):
        r = session.results.get(str(c.application_id), {})
        a = c.application
        rows.append([str(c.order), a.applicant.real_name, a.unit.name, a.title.name, str(r.get("eligible", 0)),
                     str(r.get("agree", 0)), str(r.get("disagree", 0)), str(r.get("abstain", 0)),
                     str(r.get("missing", 0)), "通过" if r.get("passed") else "未通过"])
    chair = experts.get(session.chair_id)
    return {"committee": meeting.committee.org.name, "level": level_label(meeting.level),
            "date": cn_date(meeting.date), "place": meeting.place, "members": members,
            "chair": chair.real_name if chair else "", "present": len(present), "total": len(session.member_ids),
            "candidates": rows, "opinions": _panel_opinions(meeting)}


def render(ctx: dict) -> bytes:
    doc = A4Document(title=f"{ctx['committee']}评审会议纪要", author="职称申报评审系统",
                     stamp=f"{ctx['committee']} · {ctx['date']}")
    st = styles()
    w = doc.width
    story = [para(f"{ctx['committee']}评审会议纪要", st["title"]),
             para(f"评审级别：{ctx['level']}　会议日期：{ctx['date']}　会议地点：{ctx['place']}", st["body"]),
             para(f"主任委员：{ctx['chair'] or '无'}　应到{ctx['total']}人，实到{ctx['present']}人。", st["body"]),
             para("表决规则：无记名投票，同意票数达到出席且未回避专家人数的三分之二（含）为通过；"
                  "弃权及未投票均不计为同意。", st["body"])]
    story += list_table("一、评审专家及出席情况", ["序号", "姓名", "工作单位", "职称", "职务", "出席"], ctx["members"],
                        [1, 2, 4, 3, 2, 1.5], w, st)
    if ctx["opinions"]:
        story += list_table("二、评议组意见", ["评审对象（评议专家）", "评议意见"], ctx["opinions"], [2, 6], w, st)
    story += list_table(f"{'三' if ctx['opinions'] else '二'}、评审对象及表决结果", ["序号", "姓名", "单位", "申报职称", "应投", "同意", "不同意", "弃权", "未投", "结果"],
                        ctx["candidates"], [1, 2, 4, 3, 1.2, 1.2, 1.4, 1.2, 1.2, 1.6], w, st)
    return doc.build(story)


@transaction.atomic
def generate_minutes(user, meeting: ReviewMeeting, *, ip: str | None = None) -> Minutes:
    """Generate and store the minutes of a closed vote, once (a second generation is refused)."""
    session = VoteSession.objects.select_for_update().filter(meeting=meeting).first()
    if session is None or session.status != VoteSession.Status.CLOSED:
        raise Refusal("投票结束后才能生成会议纪要。")
    if Minutes.objects.filter(session=session).exists():
        raise Refusal("会议纪要已生成，不能重新生成或修改。", conflict=True)
    data = render(content(meeting, session))
    digest = hashlib.sha256(data).hexdigest()
    minutes = Minutes(session=session, sha256=digest, size=len(data), created_by=user)
    minutes.file.save(f"meeting-{meeting.pk}-{digest[:12]}.pdf", ContentFile(data), save=False)
    storage, name = minutes.file.storage, minutes.file.name
    try:
        minutes.save()
    except Exception:
        storage.delete(name)
        raise
    record("committee.minutes", actor=user, obj=meeting, role=Role.COMMITTEE_HOST,
           organization=meeting.committee.host, ip=ip, details={"sha256": digest, "size": len(data)})
    return minutes


def minutes_bytes(meeting: ReviewMeeting) -> bytes:
    """The stored minutes, their SHA-256 checked against the one recorded at generation."""
    minutes = Minutes.objects.filter(session__meeting=meeting).first()
    if minutes is None:
        raise Refusal("会议纪要尚未生成。")
    try:
        with minutes.file.open("rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise Refusal("会议纪要文件缺失，请联系系统管理员。", conflict=True) from None
    if hashlib.sha256(data).hexdigest() != minutes.sha256:
        raise Refusal("会议纪要文件校验失败（内容与生成时不一致），请联系系统管理员。", conflict=True)
    return data


def minutes_response(meeting: ReviewMeeting) -> HttpResponse:
    return pdf_response(minutes_bytes(meeting), f"评审会议纪要-{cn_date(meeting.date)}")
