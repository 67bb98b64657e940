"""The two official documents generated from the dossier (seed §一).

* 《申报评审XX系列XX专业技术职务任职资格情况一览表》: machine-printed, one page, A4 landscape;
* 《专业技术职务任职资格评审表》: multi-page A4 portrait form.

Both are built from :func:`document_context` (a fixed number of queries, whatever the item counts),
as PDF (drawn with the shared primitives of :mod:`zhicheng.documents.pdf`) and as printable HTML pages
(templates ``documents/roster.html`` and ``documents/review_form.html``). They go into the paper dossier:
they print the full ID number (screens, lists, the API and exports mask it) and, on every page, the
submitted version and its fingerprint (:func:`version_stamp`). Later stages fill the opinion boxes
through :mod:`zhicheng.documents.registry`.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.utils import timezone

from zhicheng.documents import pdf, registry, xlsx
from zhicheng.documents.registry import Box
from zhicheng.orgs.validators import mask_id_number
from zhicheng.workdays.formats import cn_date, cn_month
from zhicheng.workflow.states import EDITABLE_STATES, OFFICE_EDITABLE_STATES

from . import models as m
from . import sections as sec
from .services import fingerprint

REVIEW_FORM_NAME = "专业技术职务任职资格评审表"
# Signature line of the committee's box: (who signs, seal); the date “年 月 日” follows with blanks.
COMMITTEE_SIGN = ("主任委员签名：", "（评委会盖章）")
COMMITTEE_VOTE_LINE = "评委会总人数____人，出席____人；表决结果：同意____票，不同意____票，弃权____票"

# Character budgets of the one-page roster (longer texts are cut, the 评审表 has them in full).
ROSTER_LIMITS = {"publications": 170, "projects": 120, "awards": 120, "honors": 120, "achievement": 380,
                 "assessments": 120, "training": 60}
MORE = "……"

# The opinion boxes of the paper forms, blank until the stage that owns each registers its part.
REVIEW_FORM_BOXES = (
    Box(registry.UNIT_OPINION, 10, "单位推荐意见：", heading="单位意见（推荐意见）"),
    Box(registry.OFFICE_OPINION, 20, "主管部门呈报意见：", heading="主管部门呈报意见"),
    Box(registry.COMMITTEE_OPINION, 30, "评委会评审意见：", heading="评委会评审意见", sign=COMMITTEE_SIGN,
        before=(COMMITTEE_VOTE_LINE,)),
)
ROSTER_BOXES = (
    Box(registry.UNIT_OPINION, 10, "单位意见："),
    Box(registry.OFFICE_OPINION, 20, "呈报意见（主管部门）："),
)
REVIEW_FORM_SECTIONS = 11  # 一 … 十一 before the opinion boxes
DRAFT_STAMP = "草稿（未提交）"


# --------------------------------------------------------------------------- formatting helpers

def cn_period(start, end) -> str:
    return f"{cn_month(start)}—{cn_month(end) if end else '至今'}"


def clip(text: str, limit: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: max(limit - len(MORE), 0)] + MORE


def series_label(series_name: str) -> str:
    """“工程技术” → “工程技术系列”; a name already ending in 系列 is not doubled."""
    name = (series_name or "").strip()
    return name if name.endswith("系列") else f"{name}系列"


def roster_title(application) -> str:
    return (f"申报评审{series_label(application.series.name)}{application.title.name}"
            "专业技术职务任职资格情况一览表")


def review_form_title(application) -> str:
    """The 评审表 has one official name for every series (the cover names the series and title)."""
    return REVIEW_FORM_NAME


def cn_number(n: int) -> str:
    """1–99 in Chinese numerals, as section numbers are written (十二、二十一)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")


def version_stamp(application) -> str:
    """The line every page of the paper forms carries so paper and online can be matched:
    “第2版 · 校验码 1a2b3c4d5e6f” for the submitted version (the fingerprint of its snapshot, shown on
    the versions page too); “草稿（未提交）” before the first submission. A dossier returned and being
    corrected matches no version, so it says so instead of naming one."""
    latest = application.versions.order_by("-number").only("number", "snapshot").first()
    if latest is None:
        return DRAFT_STAMP
    if application.state in EDITABLE_STATES:
        return f"修改稿（第{latest.number}版已退回，未重新提交）"
    if application.state in OFFICE_EDITABLE_STATES:  # §三 网上申报中 or returned by the office
        return f"修改稿（网上申报中，第{latest.number}版之后未重新提交）"
    return f"第{latest.number}版 · 校验码 {fingerprint(latest.snapshot)}"


def opinion_boxes(application) -> dict:
    """The boxes of both forms, filled by the registered parts; the 评审表's numbered after its sections.
    The verification note (registry.VERIFICATION, §二(一) “已核，与原件一致”) is a line, not a box."""
    review_all = registry.boxes(registry.REVIEW_FORM, application, REVIEW_FORM_BOXES)
    roster_all = registry.boxes(registry.ROSTER, application, ROSTER_BOXES)
    review = [replace(box, heading=f"{cn_number(REVIEW_FORM_SECTIONS + i)}、{box.heading or box.label.rstrip('：')}")
              for i, box in enumerate([b for b in review_all if b.key != registry.VERIFICATION], 1)]
    return {"review_form_boxes": review,
            "roster_boxes": [b for b in roster_all if b.key != registry.VERIFICATION],
            "review_form_verification": _note(review_all), "roster_verification": _note(roster_all)}


def _note(boxes: list[Box]) -> str:
    return "　".join(line for b in boxes if b.key == registry.VERIFICATION for line in b.lines)


def _number(value) -> str:
    """90 → “90”, 12.5 → “12.5”, 12.0 → “12” (hours are whole, credits may have one decimal)."""
    if value is None:
        return ""
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value}" else str(value)


def _years_between(start: datetime.date | None, end: datetime.date) -> int | None:
    if not start:
        return None
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(years, 0)


def _highest_education(educations: list[m.Education]) -> m.Education | None:
    """GB/T 4658 codes: the smaller, the higher (11 博士 < 14 硕士 < 21 本科 < 31 专科); ties → the latest."""
    if not educations:
        return None
    return min(educations, key=lambda e: (e.education_level.code, -e.end_date.toordinal()))


# --------------------------------------------------------------------------- context

def document_context(application) -> dict:
    """Everything both documents show, as ready-to-print strings (13 queries whatever the item counts)."""
    app = (m.Application.objects
           .select_related("applicant", "unit", "series", "title", "campaign")
           .get(pk=application.pk))
    rows = {key: sec.items(app, sec.get(key)) for key in (
        "basic", "education", "current_title", "work", "achievement", "projects", "awards", "publications",
        "honors", "assessments", "term_assessments", "training", "others")}
    applicant = app.applicant
    basic = rows["basic"][0] if rows["basic"] else None
    current = rows["current_title"][0] if rows["current_title"] else None
    achievement = rows["achievement"][0].content if rows["achievement"] else ""
    today = timezone.localdate()
    # 从事专业技术工作年限: counted to the end of the campaign year (the year applied for).
    as_of = datetime.date(app.campaign.year, 12, 31) if app.campaign_id else today
    years = _years_between(basic.professional_start_date if basic else None, as_of)

    educations = [{
        "period": cn_period(e.start_date, e.end_date), "school": e.school, "major": e.major,
        "level": e.education_level.name, "degree": e.get_degree_display() if e.degree != "none" else "无",
        "end": cn_month(e.end_date),
    } for e in rows["education"]]
    highest = _highest_education(rows["education"])
    highest_text = ("/".join([highest.education_level.name, highest.school, highest.major,
                              cn_month(highest.end_date)]) if highest else "")
    works = [{"period": cn_period(w.start_date, w.end_date), "employer": w.employer, "position": w.position,
              "duties": w.duties} for w in rows["work"]]
    projects = [{"name": p.name, "source": p.source, "grade": p.get_grade_display(),
                 "role": f"{p.get_role_display()}（第{p.rank}名）", "period": cn_period(p.start_date, p.end_date),
                 "status": p.get_status_display()} for p in rows["projects"]]
    awards = [{"name": a.name, "grade": a.grade, "rank": f"第{a.rank}名", "issuer": a.issuer,
               "date": cn_month(a.awarded_on)} for a in rows["awards"]]
    publications = [{"kind": p.get_kind_display(), "title": p.title, "rank": f"第{p.author_rank}名",
                     "journal": p.journal, "issn_cn": " ".join(x for x in (
                         f"ISSN {p.issn}" if p.issn else "", f"CN {p.cn}" if p.cn else "") if x),
                     "date": cn_month(p.published_on)} for p in rows["publications"]]
    honors = [{"name": h.name, "grade": h.get_grade_display(), "issuer": h.issuer,
               "date": cn_month(h.awarded_on)} for h in rows["honors"]]
    assessments = [{"year": a.year, "result": a.result.name} for a in rows["assessments"]]
    term_assessments = [{"period": cn_period(t.start_date, t.end_date), "result": t.result.name}
                        for t in rows["term_assessments"]]
    others = [{"description": o.description, "date": cn_month(o.occurred_on) if o.occurred_on else ""}
              for o in rows["others"]]
    # 继续教育 in the series' unit (学时, or 学分 where the series counts credits), 公需/专业科目 apart.
    ce_unit = app.series.get_ce_unit_display()
    training = [{"year": t.year, "kind": t.get_kind_display(), "hours": _number(t.amount), "content": t.content}
                for t in rows["training"]]
    recent_assessments = assessments[-5:]
    training_total = sum((t.amount or 0) for t in rows["training"])
    training_hours = int(training_total) if training_total == int(training_total) else float(training_total)

    def _numbered(items, fmt) -> str:
        return "；".join(f"{i}.{fmt(x)}" for i, x in enumerate(items, 1))

    summary = {
        "publications": (f"共{len(publications)}篇（部）：" + _numbered(publications, lambda p: (
            f"《{p['title']}》（{p['journal']}，{p['date']}，本人排名{p['rank'].rstrip('名')}）"))
            if publications else "无"),
        "projects": (f"共{len(projects)}项：" + _numbered(
            projects, lambda p: f"{p['name']}（{p['grade']}，{p['role']}，{p['status']}）") if projects else "无"),
        "awards": (f"共{len(awards)}项：" + _numbered(awards, lambda a: (
            f"{a['name']}（{a['grade']}，本人排名{a['rank'].rstrip('名')}，{a['date']}）")) if awards else "无"),
        "honors": (f"共{len(honors)}项：" + _numbered(
            honors, lambda h: f"{h['name']}（{h['issuer']}，{h['date']}）") if honors else "无"),
        "assessments": ("；".join(f"{a['year']}年 {a['result']}" for a in recent_assessments)
                        if recent_assessments else "无"),
        "training": (f"共{training_hours}{ce_unit}（" + "，".join(
            f"{t['year']}年{t['kind']}{t['hours']}" for t in training) + "）" if training else "无"),
        "term_assessments": "；".join(f"{t['period']} {t['result']}" for t in term_assessments) or "无",
        "achievement": achievement or "无",
    }
    roster = {key: clip(summary[key], limit) for key, limit in ROSTER_LIMITS.items()}

    return {
        "application": app,
        "roster_title": roster_title(app),
        "review_form_title": review_form_title(app),
        "name": applicant.real_name,
        "gender": applicant.get_gender_display() if applicant.gender else "",
        "birth": cn_month(applicant.birth_date),
        "id_number": applicant.id_number or "",  # in full: the forms go into the paper dossier
        "unit_name": app.unit.name,
        "series_name": app.series.name,
        "series_label": series_label(app.series.name),
        "title_name": app.title.name,
        "level": app.get_level_display(),
        "specialty": app.specialty,
        "is_exceptional": "是" if app.is_exceptional else "否",
        # 填表日期: the submission date once submitted (reprints stay identical), today while drafting.
        "fill_date": cn_date(timezone.localtime(app.submitted_at).date() if app.submitted_at else today),
        "basic": {
            "ethnicity": basic.ethnicity, "political_status": basic.political_status or "",
            "department": basic.department, "post": basic.post,
            "work_start": cn_month(basic.work_start_date),
            "professional_start": cn_month(basic.professional_start_date),
        } if basic else {},
        "professional_years": f"{years}年" if years is not None else "",
        "current_title": {
            "name": current.title_name, "obtained": cn_month(current.obtained_on),
            "document": current.approval_document, "body": current.approving_body,
            "text": f"{current.title_name}（{cn_month(current.obtained_on)}）",
        } if current else {},
        "highest_education": highest_text,
        "educations": educations,
        "works": works,
        "achievement": achievement,
        "projects": projects,
        "awards": awards,
        "publications": publications,
        "honors": honors,
        "assessments": assessments,
        "recent_assessments": recent_assessments,
        "term_assessments": term_assessments,
        "others": others,
        "training": training,
        "training_hours": training_hours,
        "ce_unit": ce_unit,
        "summary": summary,
        "roster": roster,
        "version_stamp": version_stamp(app),
        **opinion_boxes(app),
    }


# --------------------------------------------------------------------------- PDF

def _opinion_row(boxes: list[Box], width: float, st, *, blank: float, top: float, pad: float):
    """Opinion boxes side by side in one bordered row (one box: the full width)."""
    from reportlab.platypus import Table

    col = width / len(boxes)
    t = Table([[pdf.opinion_cell(box, st, col - 2 * pad, blank=blank) for box in boxes]], colWidths=[col] * len(boxes))
    t.setStyle(pdf.opinion_style(top, pad))
    return t


def roster_pdf(application, ctx: dict | None = None) -> bytes:
    """《申报评审XX系列XX专业技术职务任职资格情况一览表》: one page, A4 landscape."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepInFrame, Spacer, Table

    ctx = ctx or document_context(application)
    out = pdf.A4Document(title=ctx["roster_title"], author=ctx["name"], stamp=ctx["version_stamp"], landscape=True)
    st = pdf.styles(10)
    width, height = out.width, out.height
    p = pdf.para

    lab, cell, center = st["label"], st["cell"], st["center"]
    id_style = ParagraphStyle("zc-id", parent=center, fontSize=9)  # 18 digits on one line
    # Top block: one header row of column names, one row of values (the 一览表 layout).
    head = ["姓名", "性别", "出生年月", "身份证号", "工作单位", "现任职务及取得时间", "学历/毕业院校/专业/时间",
            "从事专业技术工作年限", "申报专业", "是否破格", "继续教育学时"]
    vals = [ctx["name"], ctx["gender"], ctx["birth"], ctx["id_number"], ctx["unit_name"],
            ctx["current_title"].get("text", ""), ctx["highest_education"], ctx["professional_years"],
            ctx["specialty"], ctx["is_exceptional"], f"{ctx['training_hours']}{ctx['ce_unit']}"]
    ratios = [7, 4, 7, 13, 13, 10, 18, 7, 8, 5, 8]
    col_w = [width * r / sum(ratios) for r in ratios]
    top = Table([[p(h, lab) for h in head], [p(v, id_style if i == 3 else center) for i, v in enumerate(vals)]],
                colWidths=col_w)
    pdf.grey_header(top)

    label_w = 28 * mm
    r = ctx["roster"]
    body_rows = [
        ("近五年年度考核", r["assessments"]),
        ("任职期满考核", ctx["summary"]["term_assessments"]),
        ("继续教育", r["training"]),
        ("论文著作", r["publications"]),
        ("科研项目", r["projects"]),
        ("专业奖励", r["awards"]),
        ("荣誉称号", r["honors"]),
        ("任现职以来主要业绩", r["achievement"]),
    ]
    body = Table([[p(k, lab), p(v, cell)] for k, v in body_rows], colWidths=[label_w, width - label_w])
    pdf.grey_header(body, column=True)
    opinions = _opinion_row(ctx["roster_boxes"], width, st, blank=60, top=5, pad=6)

    # (Paragraphs collapse runs of spaces: the gap between the two items is a column.)
    meta = Table([[p(f"申报资格：{ctx['title_name']}（{ctx['level']}）", st["right"]),
                   p(f"填表日期：{ctx['fill_date']}", st["right"])]], colWidths=[width - 55 * mm, 55 * mm])
    meta.setStyle(pdf.NO_PADDING)
    content = [p(ctx["roster_title"], st["title"]), meta, Spacer(1, 4), top, body]
    if ctx["roster_verification"]:
        content.append(p(f"材料核实：{ctx['roster_verification']}", cell))
    content.append(opinions)
    # The budgets above keep it on one page; shrink-to-fit is the safety net for extreme content.
    return out.build([KeepInFrame(width, height - 6 * mm, content, mode="shrink")])


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()] or ["无"]


def review_form_pdf(application, ctx: dict | None = None) -> bytes:
    """《专业技术职务任职资格评审表》: cover + sections, A4 portrait."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table

    ctx = ctx or document_context(application)
    out = pdf.A4Document(title=f"{ctx['review_form_title']}（{ctx['name']}）", author=ctx["name"],
                         stamp=ctx["version_stamp"], number_first_page=False)
    st = pdf.styles()
    width = out.width
    para, list_table = pdf.para, pdf.list_table
    story: list = []

    # Cover.
    story += [Spacer(1, 55 * mm), para(ctx["review_form_title"], st["cover_title"]), Spacer(1, 45 * mm)]
    cover_rows = [("姓名", ctx["name"]), ("工作单位", ctx["unit_name"]), ("申报系列", ctx["series_label"]),
                  ("申报专业", ctx["specialty"]), ("申报资格", ctx["title_name"]), ("填表日期", ctx["fill_date"])]
    cover = Table([[pdf.spread(k, st["cover_field"], 4 * 14), para(v, st["cover_field"])] for k, v in cover_rows],
                  colWidths=[32 * mm, 95 * mm], hAlign="CENTER")
    cover.setStyle([("LINEBELOW", (1, 0), (1, -1), 0.8, colors.black), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("TOPPADDING", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])
    story += [cover, PageBreak()]

    # 一、基本情况
    b = ctx["basic"]
    ct = ctx["current_title"]
    lab, cell = st["label"], st["cell"]
    w8 = [width * r / 100 for r in (13, 12, 13, 12, 13, 12, 13, 12)]

    def L(text):  # a label cell
        return para(text, lab)

    def V(text):  # a value cell
        return para(text, cell)

    rows = [
        [L("姓名"), V(ctx["name"]), L("性别"), V(ctx["gender"]), L("出生年月"), V(ctx["birth"]),
         L("民族"), V(b.get("ethnicity", ""))],
        [L("政治面貌"), V(b.get("political_status", "")), L("身份证号"), V(ctx["id_number"]), "",
         L("参加工作时间"), V(b.get("work_start", "")), ""],
        [L("工作单位"), V(ctx["unit_name"]), "", "", L("工作部门"), V(b.get("department", "")), "", ""],
        [L("现从事专业技术岗位"), V(b.get("post", "")), "", "", L("从事专业技术工作时间"),
         V(b.get("professional_start", "")), L("工作年限"), V(ctx["professional_years"])],
        [L("申报系列"), V(ctx["series_label"]), L("申报专业"), V(ctx["specialty"]), L("申报资格"),
         V(ctx["title_name"]), L("是否破格"), V(ctx["is_exceptional"])],
    ]
    basic_t = Table(rows, colWidths=w8)
    basic_t.setStyle(pdf.grid_style([
        ("SPAN", (3, 1), (4, 1)), ("SPAN", (6, 1), (7, 1)),
        ("SPAN", (1, 2), (3, 2)), ("SPAN", (5, 2), (7, 2)),
        ("SPAN", (1, 3), (3, 3)),
    ]))
    story += [*pdf.heading("一、基本情况", st), basic_t]

    story += list_table("二、学历学位", ["起止时间", "毕业院校", "所学专业", "学历", "学位"],
                        [[e["period"], e["school"], e["major"], e["level"], e["degree"]]
                         for e in ctx["educations"]],
                        [22, 24, 22, 20, 12], width, st)
    story += list_table("三、工作经历", ["起止时间", "工作单位", "职务/岗位", "主要工作内容"],
                        [[w["period"], w["employer"], w["position"], w["duties"]] for w in ctx["works"]],
                        [22, 26, 18, 34], width, st)
    story += list_table("四、现任专业技术职务", ["现任专业技术职务", "取得时间", "审批文件（文号）", "审批机关"],
                        [[ct["name"], ct["obtained"], ct["document"], ct["body"]]] if ct else [],
                        [24, 18, 32, 26], width, st)
    # 五、任现职以来主要业绩 — full text in one box that may run over several pages.
    story += [*pdf.heading("五、任现职以来主要业绩", st), pdf.text_box(_paragraphs(ctx["achievement"]), width, st)]
    story += list_table("六、科研项目", ["项目名称", "项目来源", "级别", "本人角色（排名）", "起止时间", "状态"],
                        [[p["name"], p["source"], p["grade"], p["role"], p["period"], p["status"]]
                         for p in ctx["projects"]], [28, 18, 10, 14, 20, 10], width, st)
    story += list_table("七、论文著作", ["序号", "类别", "题目/书名", "本人排名", "刊物名称/出版社", "ISSN/CN", "时间"],
                        [[i, p["kind"], p["title"], p["rank"], p["journal"], p["issn_cn"], p["date"]]
                         for i, p in enumerate(ctx["publications"], 1)],
                        [6, 7, 31, 9, 20, 15, 12], width, st)
    story += list_table("八、专业奖励", ["奖励名称", "奖励等级", "本人排名", "授奖单位", "获奖时间"],
                        [[a["name"], a["grade"], a["rank"], a["issuer"], a["date"]] for a in ctx["awards"]],
                        [30, 20, 10, 25, 15], width, st)
    story += list_table("九、综合奖励（荣誉称号）", ["荣誉称号", "级别", "授予单位", "授予时间"],
                        [[h["name"], h["grade"], h["issuer"], h["date"]] for h in ctx["honors"]],
                        [38, 14, 32, 16], width, st)
    story += list_table("十、年度考核", ["年度", "考核结果"],
                        [[f"{a['year']}年", a["result"]] for a in ctx["assessments"]], [50, 50], width, st)
    if ctx["term_assessments"]:
        story += list_table("任职期满考核", ["任期", "考核结果"],
                            [[t["period"], t["result"]] for t in ctx["term_assessments"]], [50, 50], width, st)
    training_rows = [[f"{t['year']}年", t["kind"], f"{t['hours']}", t["content"]] for t in ctx["training"]]
    if training_rows:
        training_rows.append(["合计", "", f"{ctx['training_hours']}", ""])
    story += list_table("十一、继续教育", ["年度", "科目类别", ctx["ce_unit"], "主要内容"], training_rows,
                        [15, 15, 12, 58], width, st)
    if ctx["others"]:
        story += list_table("其他", ["内容说明", "时间"], [[o["description"], o["date"]] for o in ctx["others"]],
                            [80, 20], width, st)
    if ctx["review_form_verification"]:
        story += [Spacer(1, 4), para(f"材料核实：{ctx['review_form_verification']}", cell)]

    # 十二 … : the opinion boxes of the unit, the 主管部门 and the committee (blank until their stage fills them).
    story += [KeepTogether([para(box.heading, st["h2"]), _opinion_row([box], width, st, blank=70, top=6, pad=8)])
              for box in ctx["review_form_boxes"]]
    return out.build(story)


def file_of(application, file_id: int):
    """The stored file with this id if it belongs to the application (a proof or the work summary)."""
    att = m.Attachment.objects.filter(application=application, file_id=file_id).select_related("file").first()
    if att is not None:
        return att.file
    summary = m.WorkSummary.objects.filter(application=application, file_id=file_id).select_related("file").first()
    return summary.file if summary is not None else None


# --------------------------------------------------------------------------- XLSX

APPLICATION_COLUMNS = [("序号", 6), ("姓名", 10), ("身份证号", 22), ("用户名", 16), ("单位", 28), ("年度申报", 36),
                       ("申报系列", 14), ("申报职称", 16), ("级别", 8), ("申报专业", 16), ("破格", 6),
                       ("状态", 14), ("提交时间", 16)]


def applications_xlsx(applications) -> bytes:
    """申报名单 as XLSX: one row per application, ID numbers masked (an export, not the paper dossier),
    dates as 2026年11月26日."""
    def row(i: int, a) -> list:
        submitted = timezone.localtime(a.submitted_at).date() if a.submitted_at else None
        return [i, a.applicant.real_name, mask_id_number(a.applicant.id_number or ""), a.applicant.username,
                a.unit.name, a.campaign.name, a.series.name, a.title.name, a.get_level_display(), a.specialty,
                "是" if a.is_exceptional else "否", a.get_state_display(), cn_date(submitted)]

    return xlsx.workbook("申报名单", [h for h, _ in APPLICATION_COLUMNS],
                         (row(i, a) for i, a in enumerate(applications, 1)), [w for _, w in APPLICATION_COLUMNS])
