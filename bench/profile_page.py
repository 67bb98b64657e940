#!/usr/bin/env python
"""Where one page's time goes: cProfile over in-process requests (django.test.Client, force_login).

    .venv/bin/python bench/profile_page.py                       # the applicant's dossier overview, 50 requests
    .venv/bin/python bench/profile_page.py --path s/publications/ -n 100 --top 30

Prints the functions with the most cumulative and own time, and a split into SQL execution (the database
driver's execute), template rendering and the rest. Runs after bench/generate.py; DATABASE_URL picks PostgreSQL.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time

from benchlib import PROVINCE_NAME, db_description, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", default="", help="below /applications/<draft id>/ (default: the overview)")
    parser.add_argument("-n", type=int, default=50, help="profiled requests (default 50)")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    setup_django()
    from django.test import Client

    from zhicheng.dossier.models import Application

    app = (Application.objects.filter(unit__path__startswith=_province_path(PROVINCE_NAME), state="draft")
           .order_by("id").select_related("applicant").first())
    client = Client()
    client.force_login(app.applicant, backend="zhicheng.orgs.backends.IdNumberOrUsernameBackend")
    url = f"/applications/{app.pk}/{args.path}"
    for _ in range(20):
        assert client.get(url).status_code == 200
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for _ in range(args.n):
        client.get(url)
    prof.disable()
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
    print(f"# {url} on {db_description()}: {wall:.1f} ms per request wall time, {total:.1f} ms under the profiler")
    print(f"- SQL in the driver (execute/fetch): {sql_raw:.1f} ms; Django's backend execute: {sql:.1f} ms")
    print(f"- template rendering (Template.render, cumulative): {render:.1f} ms")
    for key, title in (("cumulative", "cumulative"), ("tottime", "own time")):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(key).print_stats(args.top)
        print(f"\n## top {args.top} by {title}\n")
        print("\n".join(out.getvalue().splitlines()[6:]))


def _province_path(name: str) -> str:
    from zhicheng.orgs.models import Organization

    return Organization.objects.get(name=name).path


if __name__ == "__main__":
    main()
