#!/usr/bin/env python
"""Measure page latency and SQL queries per request in-process with Django's test Client.

    .venv/bin/python bench/run.py              # after bench/generate.py
    .venv/bin/python bench/run.py -n 50        # quicker

Scenarios (against the data made by bench/generate.py):
  1. applicant: dossier overview GET /applications/<id>/ and section page GET /applications/<id>/s/publications/
  2. applicant: section save POST /applications/<id>/s/achievement/ (a draft application)
  3. HR of the big unit: list GET /applications/ (page 1), ?state=submitted, and a deep page ?page=100

Each request runs --warmup times untimed, then -n times timed (no query capture while timing), then
--capture times under CaptureQueriesContext to count queries. Writes bench/out/results.md (or --out) and
the SQL of one request per scenario to bench/out/queries-<vendor>.txt.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchlib import OUT_DIR, PROVINCE_NAME, db_description, setup_django

BACKEND = "zhicheng.orgs.backends.IdNumberOrUsernameBackend"


@dataclass
class Scenario:
    label: str
    method: str
    url: str
    user: object
    data: object = None  # callable(i) -> dict for POST
    expect: str = ""  # text a 200 response must contain
    verify: object = None  # callable(i) -> bool, checked after the first request (e.g. the row was saved)
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    sample_sql: list[tuple[str, float]] = field(default_factory=list)
    bytes: int = 0
    status: int = 0


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def build_scenarios():
    from django.db.models import Count

    from zhicheng.dossier.models import Achievement, Application
    from zhicheng.orgs.models import Organization, RoleAssignment
    from zhicheng.orgs.roles import Role

    province = Organization.objects.filter(name=PROVINCE_NAME).first()
    if province is None:
        sys.exit("没有基准测试数据：先运行 .venv/bin/python bench/generate.py --applications 10000")
    units = Organization.objects.filter(path__startswith=province.path, kind="unit")
    big = units.annotate(n=Count("applications")).order_by("-n").first()
    hr = RoleAssignment.objects.filter(role=Role.UNIT_HR, organization=big).select_related("user").first().user
    draft = Application.objects.filter(unit=big, state="draft").order_by("id").select_related("applicant").first()
    submitted = Application.objects.filter(unit=big, state="submitted").order_by("id").first()
    applicant = draft.applicant
    base = f"/applications/{draft.pk}/"
    content = ("任现职以来，本人主持完成某220kV变电站新建工程电气设计，参与完成省重点输变电工程可行性研究与"
               "初步设计十余项，负责编制企业技术标准两项。基准测试第{}次保存。")
    scenarios = [
        Scenario("申报人：申报概览 GET", "GET", base, applicant, expect="申报材料"),
        Scenario("申报人：论文与著作 GET", "GET", base + "s/publications/", applicant, expect="论文与著作"),
        Scenario("申报人：保存主要业绩 POST", "POST", base + "s/achievement/", applicant,
                 data=lambda i: {"content": content.format(i)}, expect="已保存",
                 verify=lambda i: Achievement.objects.filter(application=draft, content=content.format(i)).exists()),
        Scenario("单位人事：已提交申报概览 GET", "GET", f"/applications/{submitted.pk}/", hr, expect="退回修改"),
        Scenario("单位人事：申报列表 第1页 GET", "GET", "/applications/", hr, expect="application-table"),
        Scenario("单位人事：申报列表 state=submitted GET", "GET", "/applications/?state=submitted", hr,
                 expect="application-table"),
        Scenario("单位人事：申报列表 第100页 GET", "GET", "/applications/?page=100", hr, expect="application-table"),
    ]
    info = {
        "big_unit": big.name, "big_unit_apps": big.n,
        "big_unit_submitted": Application.objects.filter(unit=big, state="submitted").count(),
        "applications": Application.objects.filter(unit__path__startswith=province.path).count(),
        "draft_app": draft.pk, "submitted_app": submitted.pk,
    }
    return scenarios, info


class SqlTimer:
    """execute_wrapper that records (sql, ms) with full precision (captured_queries rounds to 1 ms)."""

    def __init__(self):
        self.log: list[tuple[str, float]] = []

    def __call__(self, execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.log.append((sql if not params else f"{sql}  -- params {list(params)[:12]}",
                             (time.perf_counter() - t) * 1000))


def run_one(s: Scenario, *, n: int, warmup: int, capture: int) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(s.user, backend=BACKEND)
    i = 0

    def request():
        nonlocal i
        i += 1
        if s.method == "POST":
            r = client.post(s.url, s.data(i))
        else:
            r = client.get(s.url)
        return r

    r = request()
    body = r.content.decode()
    # A save may answer 200 (page re-rendered) or 302 (post/redirect/get); either way the row must be stored.
    ok = r.status_code == 200 and (not s.expect or s.expect in body)
    if s.method == "POST" and r.status_code == 302:
        ok = True
    if s.verify is not None and not s.verify(i):
        ok = False
    if not ok:
        sys.exit(f"{s.label}: unexpected response {r.status_code} for {s.url}\n{body[:2000]}")
    s.status = r.status_code
    s.bytes = len(r.content)
    for _ in range(warmup - 1):
        request()
    for _ in range(n):
        t = time.perf_counter()
        r = request()
        s.times_ms.append((time.perf_counter() - t) * 1000)
        assert r.status_code == s.status, (s.label, r.status_code)
    for k in range(capture):
        timer = SqlTimer()
        with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(timer):
            request()
        s.queries.append(len(ctx.captured_queries))
        s.sql_ms.append(sum(ms for _, ms in timer.log))
        if k == 0:
            s.sample_sql = timer.log + [(f"-- {q['sql']}", 0.0) for q in ctx.captured_queries
                                        if q["sql"] in ("COMMIT", "ROLLBACK")]
    reset_queries()


def environment(info: dict, n: int, warmup: int) -> list[str]:
    import django

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"- 时间：{datetime.datetime.now():%Y-%m-%d %H:%M}",
        f"- 机器：{os.cpu_count()} 核（nproc）{cpu}；{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}，Django {django.get_version()}，DEBUG={'on' if _debug() else 'off'}",
        f"- 数据库：{db_description()}",
        f"- 系统负载（1/5/15 分钟）：开始 {info['load_start']}，结束 {_load()}（同机还有其他进程在运行）",
        f"- 数据：{info['applications']} 份完整申报；大单位“{info['big_unit']}”{info['big_unit_apps']} 份"
        f"（其中待单位审核 {info['big_unit_submitted']} 份）；申报人页面用草稿申报 #{info['draft_app']}，"
        f"单位人事概览用待审核申报 #{info['submitted_app']}",
        f"- 每项：预热 {warmup} 次后计时 {n} 次（进程内 django.test.Client，force_login）；"
        "查询数与 SQL 耗时取自计时之后另跑的几次（CaptureQueriesContext + execute_wrapper，SQL 耗时为中位数）",
    ]


def _load() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _debug() -> bool:
    from django.conf import settings

    return settings.DEBUG


def table(scenarios: list[Scenario]) -> list[str]:
    lines = ["| 请求 | URL | 状态码 | p50 ms | p95 ms | max ms | SQL 查询/请求 | 其中 SQL 耗时 ms | 响应 KB |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for s in scenarios:
        q = f"{min(s.queries)}" if min(s.queries) == max(s.queries) else f"{min(s.queries)}–{max(s.queries)}"
        lines.append(f"| {s.label} | `{s.method} {s.url}` | {s.status} | {pct(s.times_ms, 50):.1f} | {pct(s.times_ms, 95):.1f} | "
                     f"{max(s.times_ms):.1f} | {q} | {pct(s.sql_ms, 50):.1f} | {s.bytes / 1024:.0f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--repeat", type=int, default=200, help="timed requests per scenario (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests first (default 10)")
    parser.add_argument("--capture", type=int, default=5, help="requests with query capture (default 5)")
    parser.add_argument("--only", default="", help="run only scenarios whose label or URL contains this")
    parser.add_argument("--out", default=str(OUT_DIR / "results.md"), help="Markdown output file")
    parser.add_argument("--allow-demo-dir", action="store_true")
    args = parser.parse_args()

    setup_django(allow_demo=args.allow_demo_dir)
    from django.db import connection

    scenarios, info = build_scenarios()
    info["load_start"] = _load()
    if args.only:
        scenarios = [s for s in scenarios if args.only in s.label or args.only in s.url]
    for s in scenarios:
        print(f"… {s.label}", file=sys.stderr, flush=True)
        run_one(s, n=args.repeat, warmup=max(1, args.warmup), capture=max(1, args.capture))

    lines = ["# 基准测试结果", "", *environment(info, args.repeat, args.warmup), "", *table(scenarios), ""]
    text = "\n".join(lines)
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    sql_file = out.parent / f"queries-{connection.vendor}.txt"
    with sql_file.open("w", encoding="utf-8") as fh:
        for s in scenarios:
            fh.write(f"## {s.label}  {s.method} {s.url}  ({s.queries[0]} queries as counted by CaptureQueriesContext)\n")
            for sql, ms in s.sample_sql:
                fh.write(f"[{ms:.2f} ms] {sql}\n")
            fh.write("\n")
    print(f"\n写入 {out} 和 {sql_file}", file=sys.stderr)


if __name__ == "__main__":
    main()
