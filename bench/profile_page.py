#!/usr/bin/env python
"""Where one page's time goes: cProfile over in-process requests (django.test.Client, force_login).

    .venv/bin/python bench/profile_page.py                       # the applicant's dossier overview, 50 requests
    .venv/bin/python bench/profile_page.py --op section -n 100 --top 30
    .venv/bin/python bench/profile_page.py --op all --cpu-only --reps 5    # CPU per request of every operation

Operations (`--op`): `overview` (GET /applications/<draft>/ as its applicant), `section` (GET .../s/publications/),
`save` (POST .../s/achievement/, answered 302), `hr_list` (GET /applications/ as the draft's unit HR), `submit`
(POST .../actions/submit/ of a full dossier, a different draft each time), `healthz` (the one-query floor); `all`
runs each in turn. `--path` profiles any other GET below /applications/<draft>/.

For each operation it first measures the process's CPU time per request without the profiler (`--reps`
rounds of `-n` requests; median and min–max), then, unless `--cpu-only`, profiles `-n` requests and prints the
functions with the most cumulative and own time, and the split into SQL execution (the database driver's
execute), template rendering and the rest. Writes (save, submit) run inside a transaction that is rolled back at
the end, so the data stays as generate.py made it. Runs after bench/generate.py; DATABASE_URL picks PostgreSQL.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import time

from benchlib import PROVINCE_NAME, db_description, setup_django

OPS = ("overview", "section", "save", "hr_list", "submit", "healthz")
SAVE_TEXT = ("任现职以来，本人主持完成某220kV变电站新建工程电气设计，参与完成省重点输变电工程可行性研究与"
             "初步设计十余项，负责编制企业技术标准两项。剖析第{}次保存。")


class Rollback(Exception):
    pass


def _drafts(n: int):
    from zhicheng.dossier.models import Application

    return list(Application.objects.filter(unit__path__startswith=_province_path(PROVINCE_NAME), state="draft")
                .order_by("id").select_related("applicant")[:n])


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="zhicheng.orgs.backends.IdNumberOrUsernameBackend")
    client.get("/")  # the session's first-request stamp is behind us, as on every later page
    return client


def _hr_of(app):
    from zhicheng.orgs.models import RoleAssignment
    from zhicheng.orgs.roles import Role

    return RoleAssignment.objects.filter(role=Role.UNIT_HR, organization_id=app.unit_id).select_related(
        "user").order_by("id").first().user


def _open_window(apps) -> None:
    """The 个人申报 stage of these applications' campaigns around today (inside the rolled-back transaction):
    generate.py places the campaign relative to the day it ran, and its window may have closed since."""
    import datetime

    from django.utils import timezone

    from zhicheng.campaigns.models import CampaignStage

    today = timezone.localdate()
    CampaignStage.objects.filter(campaign_id__in={a.campaign_id for a in apps},
                                 stage=CampaignStage.Stage.APPLICATION).update(
        starts_on=today - datetime.timedelta(days=10), ends_on=today + datetime.timedelta(days=10))


def build(op: str, path: str | None, n: int):
    """(requests, writes): a list of zero-argument callables, one per request, each checking its answer
    (for a write, the first element is the set-up run in the transaction, not timed)."""
    app = _drafts(1)[0]
    if op == "submit":
        apps = _drafts(n + 1)[1:]  # not the first draft: the other operations use it
        clients = [(a, _client(a.applicant)) for a in apps]

        def submit_one(a, c):
            r = c.post(f"/applications/{a.pk}/actions/submit/")
            assert r.status_code == 302, (r.status_code, r.content.decode()[:2000])
        return [lambda: _open_window(apps)] + [lambda a=a, c=c: submit_one(a, c) for a, c in clients], True
    client = _client(_hr_of(app) if op == "hr_list" else app.applicant)
    base = f"/applications/{app.pk}/"
    if op == "save":
        counter = iter(range(10**9))

        def save():
            r = client.post(base + "s/achievement/", {"content": SAVE_TEXT.format(next(counter))})
            assert r.status_code == 302, r.status_code
        return [lambda: None] + [save] * n, True
    url = {"overview": base, "section": base + "s/publications/", "hr_list": "/applications/",
           "healthz": "/healthz", "path": base + (path or "")}[op]

    def get():
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
    return [get] * n, False


def run(requests, writes: bool, profile: cProfile.Profile | None = None) -> float:
    """CPU ms per request (process time) over the requests; writes are rolled back."""
    from django.db import transaction

    t = 0.0
    if writes:
        setup, *requests = requests
    try:
        with transaction.atomic():
            if writes:
                setup()
            if profile:
                profile.enable()
            t = time.process_time()
            for req in requests:
                req()
            t = time.process_time() - t
            if profile:
                profile.disable()
            if writes:
                raise Rollback
    except Rollback:
        pass
    return t * 1000 / len(requests)


def measure(op: str, args) -> None:
    from django.db import reset_queries

    label = args.path if op == "path" else op
    cpu = []
    for rep in range(args.reps + 1):  # the first round warms up (imports, template cache, statements)
        requests, writes = build(op, args.path, args.n)
        ms = run(requests, writes)
        if rep:
            cpu.append(ms)
        reset_queries()
    med = statistics.median(cpu)
    print(f"# {label}: {med:.2f} ms CPU per request (min {min(cpu):.2f}, max {max(cpu):.2f}; "
          f"{args.reps} × {args.n} requests, no profiler)")
    if args.cpu_only:
        return
    # The process's CPU clock, not the wall clock: time spent waiting for the database is not this process's
    # cost (the database's own CPU is bench/http_load.py's "database CPU").
    prof = cProfile.Profile(time.process_time) if args.cpu_clock else cProfile.Profile()
    requests, writes = build(op, args.path, args.n)
    t = time.perf_counter()
    run(requests, writes, prof)
    wall = (time.perf_counter() - t) * 1000 / args.n
    stats = pstats.Stats(prof)
    total = stats.total_tt * 1000 / args.n

    def cum(pred) -> float:
        return max((v[3] for k, v in stats.stats.items() if pred(k)), default=0.0) * 1000 / args.n

    sql = sum(v[3] for k, v in stats.stats.items()
              if k[2] == "execute" and ("psycopg" in k[0] or "sqlite3" in k[0] and "backends" in k[0])
              ) * 1000 / args.n
    sql_raw = sum(v[3] for k, v in stats.stats.items() if k[2] in ("execute", "fetchmany", "fetchall", "fetchone")
                  and "django" not in k[0]) * 1000 / args.n
    render = cum(lambda k: k[2] == "render" and k[0].endswith("django/template/base.py"))
    print(f"{wall:.1f} ms per request wall time under the profiler, {total:.1f} ms profiled")
    print(f"- SQL in the driver (execute/fetch): {sql_raw:.1f} ms; Django's backend execute: {sql:.1f} ms")
    print(f"- template rendering (Template.render, cumulative): {render:.1f} ms")
    for key, title in (("cumulative", "cumulative"), ("tottime", "own time")):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(key).print_stats(args.top)
        print(f"\n## top {args.top} by {title}\n")
        print("\n".join(out.getvalue().splitlines()[6:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--op", default="overview", choices=(*OPS, "all"))
    parser.add_argument("--path", default=None, help="any GET below /applications/<draft id>/ (instead of --op)")
    parser.add_argument("-n", type=int, default=50, help="requests per round (default 50)")
    parser.add_argument("--reps", type=int, default=3, help="rounds measured without the profiler (default 3)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--cpu-clock", action="store_true", help="profile with the CPU clock (waits left out)")
    parser.add_argument("--cpu-only", action="store_true", help="no profile, only the CPU per request")
    args = parser.parse_args()
    setup_django()
    print(f"Database: {db_description()}")
    ops = ["path"] if args.path is not None else (list(OPS) if args.op == "all" else [args.op])
    for op in ops:
        measure(op, args)


def _province_path(name: str) -> str:
    from zhicheng.orgs.models import Organization

    return Organization.objects.get(name=name).path


if __name__ == "__main__":
    main()
