"""The dossier's facts (§一, §三(二)): one SQL statement, composed once per process, reads what a page and
the guards need (`dossier_facts`, `Facts`); later stages add a row with `register_fact`. The completeness
checks (`missing_items`, `window_problems`, `step_by_step_problems`) read them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import connections, router
from django.utils import timezone

from zhicheng.codes.models import Level, Parameter, get_param
from zhicheng.workdays.formats import cn_date
from zhicheng.workflow.states import State

from .. import models as m
from .. import receipts
from .. import sections as sec


@dataclass(frozen=True)
class Facts:
    """What the dossier page and the completeness guard read about one dossier, in one query
    (`dossier_facts`): items per section and copied items still to check, the first work year, the
    years that have an annual assessment, the 个人申报 window, the last version number, open returns, kept
    form drafts and how many years of assessments are asked for (the parameter work_report_years)."""

    counts: dict[str, int]
    reviews: dict[str, int]
    first_work_year: int = 0
    assessed_years: frozenset = frozenset()
    window: tuple = (None, None)
    last_version: int = 0
    open_returns: int = 0
    drafts: int = 0
    report_years: int = 0  # the parameter work_report_years, read in the same query
    other_applications: int = 0  # the same person's other applications (复制上次申报信息 needs one)
    extra: dict = field(default_factory=dict)  # key -> (n, r) of the parts other apps add (`register_fact`)
    serial: tuple | None = None  # (day, highest 业务流水号 sequence of that day or 0), read for a submit only


def _section_model(section: sec.Section):
    return {"summary": m.WorkSummary, "attachments": m.Attachment}.get(section.key, section.model)


def _assessment_years(application: m.Application, report_years: int | None = None) -> range:
    """The years whose annual assessment the campaign asks for (before the first work year excepted):
    a 2026 campaign wants 2021–2025, even if submitted in 2027."""
    this_year = application.campaign.year
    years = get_param("work_report_years") if report_years is None else report_years
    return range(this_year - years, this_year)


# Parameter markers of the facts statement, replaced by the request's values.
_APP, _CAMPAIGN, _APPLICANT, _SERIAL_STEM = object(), object(), object(), object()
APP = _APP  # for `register_fact`
_FACTS_SQL: dict[str, tuple[str, tuple]] = {}  # vendor -> (statement, parameter markers), built once per process
_EXTRA_FACTS: dict[str, object] = {}  # key -> build(q, table, col, latest) -> (n, r, model, where, markers)


def register_fact(key: str, build) -> None:
    """Another app adds one row (two integers, n and r) to the facts statement, read as ``facts.extra[key]``.

    ``build(q, table, col, latest)`` returns ``(n, r, model, where, markers)``: the two aggregate expressions,
    the model whose table is read, the WHERE text and its parameter markers in the order of the ``%s`` in
    ``n``, ``r`` and ``where`` (``APP`` for the application's pk). ``latest`` is the text of a subquery giving
    the application's last version number (one ``%s``: the application). Register in ``ready()``, before the
    statement is first composed."""
    _EXTRA_FACTS[key] = build
    _FACTS_SQL.clear()


def _facts_statement(connection, serial: bool = False) -> tuple[str, tuple]:
    """The facts statement: one UNION ALL of small aggregates over the section tables (rows: key, n, r, d1,
    d2), generated from the section registry. Its text never depends on the application, so it is composed
    once per process (composing 30 ORM subqueries took most of the overview's CPU) and, on PostgreSQL, can be
    prepared once per connection. The same text runs on SQLite and PostgreSQL. With `serial` (a submit) it
    also reads the day's highest 业务流水号 sequence, which `receipts.create_version` would read next."""
    cache_key = f"{connection.vendor}:{'serial' if serial else 'page'}"
    cached = _FACTS_SQL.get(cache_key)
    if cached is not None:
        return cached
    from zhicheng.campaigns.models import CampaignStage

    q = connection.ops.quote_name

    def table(model) -> str:
        return q(model._meta.db_table)

    def col(model, name: str) -> str:
        return q(model._meta.get_field(name).column)

    no_date = "CAST(NULL AS DATE)"
    parts, params = [], []

    def part(key: str, n: str, r: str, d1: str, d2: str, model, where: str, *markers) -> None:
        # Only the registry's keys and quoted table and column names go into the text; values are parameters.
        # The first row names and types the columns; the others stay short, so that the whole text fits
        # psycopg's cache of converted statements (4 KB): a longer one is parsed again on every call.
        if parts:
            d1, d2 = ("NULL" if d == no_date else d for d in (d1, d2))
            parts.append(f"SELECT '{key}',{n},{r},{d1},{d2} FROM {table(model)} WHERE {where}")  # noqa: S608
        else:
            parts.append(f"SELECT '{key}' AS k,{n} AS n,{r} AS r,{d1} AS d1,{d2} AS d2 "  # noqa: S608
                         f"FROM {table(model)} WHERE {where}")
        params.extend(markers)

    for section in sec.SECTIONS:
        model = _section_model(section)
        part(section.key, "COUNT(*)", f"COUNT(CASE WHEN {col(model, 'needs_review')} THEN 1 END)",
             no_date, no_date, model, f"{col(model, 'application')}=%s", _APP)
    basic = m.BasicInfo
    part("*work_start", "COUNT(*)", "0", f"MIN({col(basic, 'work_start_date')})", no_date, basic,
         f"{col(basic, 'application')}=%s", _APP)
    stage = CampaignStage
    part("*window", "1", "0", col(stage, "starts_on"), col(stage, "ends_on"), stage,
         f"{col(stage, 'campaign')}=%s AND {col(stage, 'stage')}=%s", _CAMPAIGN,
         CampaignStage.Stage.APPLICATION.value)
    version = m.ApplicationVersion
    part("*last_version", f"COALESCE(MAX({col(version, 'number')}), 0)", "0", no_date, no_date, version,
         f"{col(version, 'application')}=%s", _APP)
    ret = m.ReturnRecord
    part("*open_returns", "COUNT(*)", "0", no_date, no_date, ret,
         f"{col(ret, 'application')}=%s AND {col(ret, 'resolved_at')} IS NULL", _APP)
    part("*drafts", "COUNT(*)", "0", no_date, no_date, m.Draft, f"{col(m.Draft, 'application')}=%s", _APP)
    app = m.Application
    part("*other_applications", "COUNT(*)", "0", no_date, no_date, app,
         f"{col(app, 'applicant')}=%s AND {q(app._meta.pk.column)}<>%s", _APPLICANT, _APP)
    ann = m.AnnualAssessment
    part("*year", col(ann, "year"), "0", no_date, no_date, ann, f"{col(ann, 'application')}=%s", _APP)
    latest = (f"(SELECT MAX({col(version, 'number')}) FROM {table(version)} "  # noqa: S608 (names only)
              f"WHERE {col(version, 'application')}=%s)")
    for key, build in _EXTRA_FACTS.items():
        n, r, model, where, markers = build(q, table, col, latest)
        part(f"+{key}", n, r, no_date, no_date, model, where, *markers)
    param = Parameter
    part("*report_years", f"MAX({col(param, 'value')})", "0", no_date, no_date, param,
         f"{col(param, 'key')}=%s", "work_report_years")
    if serial:
        serial_col = col(version, "serial")
        part("*serial_seq", f"MAX(CAST(SUBSTR({serial_col}, {receipts.STEM_LENGTH + 1}) AS INTEGER))", "0",
             no_date, no_date, version, f"{serial_col} LIKE %s", _SERIAL_STEM)
    _FACTS_SQL[cache_key] = cached = ("\nUNION ALL ".join(parts), tuple(params))
    return cached


def _as_date(value):
    """A date from the driver: SQLite returns the text of an expression's date (its type is not declared)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def dossier_facts(application: m.Application, serial_day: datetime.date | None = None) -> Facts:
    """Everything `Facts` holds, in one query whatever the number of sections or items; with `serial_day`
    (a submit, under the row lock) also the highest 业务流水号 sequence of that day."""
    connection = connections[router.db_for_read(m.Application)]
    sql, markers = _facts_statement(connection, serial=serial_day is not None)
    values = {_APP: application.pk, _CAMPAIGN: application.campaign_id, _APPLICANT: application.applicant_id,
              _SERIAL_STEM: f"{receipts.stem(serial_day)}%" if serial_day else None}
    params = [values.get(p, p) for p in markers]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts, reviews, assessed, extra = {}, {}, set(), {}
    facts: dict = {}
    for key, n, r, d1, d2 in rows:
        if key == "*year":
            assessed.add(int(n))
        elif key == "*work_start":
            facts["work_start"] = _as_date(d1)
        elif key == "*window":
            facts["window"] = (_as_date(d1), _as_date(d2))
        elif key.startswith("+"):
            extra[key[1:]] = (int(n or 0), int(r or 0))
        elif key.startswith("*"):
            facts[key[1:]] = int(n) if n is not None else None
        else:
            counts[key], reviews[key] = int(n or 0), int(r or 0)
    start = facts.get("work_start")
    report_years = facts.get("report_years")
    if report_years is None:  # no row: the parameter's default
        report_years = get_param("work_report_years")
    return Facts(counts={s.key: counts.get(s.key, 0) for s in sec.SECTIONS},
                 reviews={s.key: reviews.get(s.key, 0) for s in sec.SECTIONS},
                 first_work_year=start.year + 1 if start else 0,
                 assessed_years=frozenset(assessed), window=facts.get("window", (None, None)),
                 last_version=facts.get("last_version") or 0, open_returns=facts.get("open_returns") or 0,
                 drafts=facts.get("drafts") or 0, report_years=report_years, extra=extra,
                 other_applications=facts.get("other_applications") or 0,
                 serial=(serial_day, facts.get("serial_seq") or 0) if serial_day else None)


def window_problems(application: m.Application, facts: Facts | None = None) -> list[str]:
    """A first submission must fall in the campaign's 个人申报 period; a returned dossier may always come back."""
    from zhicheng.campaigns.models import Campaign
    from zhicheng.campaigns.services import application_window

    if application.state != State.DRAFT:
        return []
    campaign = application.campaign
    if campaign.status != Campaign.Status.OPEN:
        return ["该年度申报已结束或未发布，不能提交。"]
    start, end = facts.window if facts is not None else application_window(campaign)
    today = timezone.localdate()
    if start and today < start:
        return [f"个人申报自{cn_date(start)}开始，尚不能提交。"]
    if end and today > end:
        return [f"个人申报已于{cn_date(end)}截止，不能再提交。如有特殊情况，请联系单位人事。"]
    return []


def missing_items(application: m.Application, counts: dict[str, int] | None = None,
                  facts: Facts | None = None) -> list[str]:
    """Completeness check before submission: every missing item at once."""
    if counts is None:
        counts = facts.counts if facts is not None else section_counts(application)
    problems = []
    for section in sec.SECTIONS:
        if not section.required:
            continue
        if section.key == "current_title" and application.level in (Level.CLERK, Level.ASSISTANT):
            continue  # a first title (初级) has no current title
        if not counts[section.key]:
            problems.append(f"“{section.label}”尚未填写。")
    if counts["assessments"]:
        if facts is not None:
            years = facts.report_years
            have, first = facts.assessed_years, facts.first_work_year
        else:
            years = get_param("work_report_years")
            have = set(m.AnnualAssessment.objects.filter(application=application).values_list("year", flat=True))
            first = _first_work_year(application)
        lacking = [str(y) for y in _assessment_years(application, years) if y >= first and y not in have]
        if lacking:
            problems.append(f"年度考核缺少{'、'.join(lacking)}年度的结果（须填写近{years}年）。")
    return problems


# 逐级申报: the levels in order, each title applied for one above the title held (unless 破格).
LEVEL_ORDER = [Level.CLERK, Level.ASSISTANT, Level.INTERMEDIATE, Level.ASSOCIATE_SENIOR, Level.SENIOR]


def step_by_step_problems(application: m.Application) -> list[str]:
    """逐级申报: the current title, where given as a code, must be one level below the title applied for;
    a 破格 application, a first title and a current title entered as free text only are not checked here."""
    if application.is_exceptional or application.level not in LEVEL_ORDER:
        return []
    wanted = LEVEL_ORDER.index(application.level)
    current = m.CurrentTitle.objects.filter(application=application).select_related("title").first()
    if wanted == 0 or current is None or current.title is None or current.title.level not in LEVEL_ORDER:
        return []
    held = LEVEL_ORDER.index(current.title.level)
    if held == wanted - 1:
        return []
    need = LEVEL_ORDER[wanted - 1].label
    return [f"逐级申报：申报{application.title.name}（{application.get_level_display()}）须现任{need}职称，"
            f"现任{current.title.name}（{current.title.get_level_display()}）。如属破格申报，须按破格条件申报。"]


def _first_work_year(application) -> int:
    start = m.BasicInfo.objects.filter(application=application).values_list("work_start_date", flat=True).first()
    return start.year + 1 if start else 0


def section_counts(application: m.Application) -> dict[str, int]:
    """Items per section: one query per section whatever the number of items."""
    return counts_and_reviews(application)[0]


def counts_and_reviews(application: m.Application) -> tuple[dict[str, int], dict[str, int]]:
    """Items per section, and how many of them are copied items still to be checked (复制自上次申报，请核对):
    one query for all sections (the facts statement), whatever the number of sections or items."""
    facts = dossier_facts(application)
    return facts.counts, facts.reviews
