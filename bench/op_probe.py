#!/usr/bin/env python
"""Each operation of the deadline mix alone over HTTP, against `/healthz` in the same run: where the mix's cost is.

    .venv/bin/python bench/op_probe.py                                   # 8 users, 3 × 5 s per operation
    .venv/bin/python bench/op_probe.py --users 32 --ops healthz,overview,mix
    .venv/bin/python bench/op_probe.py --server-env "ZHICHENG_THREADS=1"  # another server setup

Starts gunicorn as `bench/http_load.py` does (the production config, the bench data, DATABASE_URL for PostgreSQL),
logs the users in, warms up, then for each repetition runs each operation in closed loops (`healthz`, `overview`,
`section`, `save`, `hr_list`, or `mix`) and prints, per operation, the median requests/s, its ratio to the same
repetition's `/healthz` (median, min–max), and the server's and the database's CPU per request (ms).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import sys

import http_load as h
from load_client import login_all

OPS = ("healthz", "overview", "section", "save", "hr_list", "mix")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=8, help="concurrent users (default 8)")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per operation (default 5)")
    parser.add_argument("--reps", type=int, default=3, help="repetitions (default 3)")
    parser.add_argument("--ops", default=",".join(OPS), help=f"comma-separated, from {', '.join(OPS)}")
    parser.add_argument("--no-config", action="store_true", help="start gunicorn without deploy/gunicorn.conf.py")
    parser.add_argument("--server-args", default="", help="extra gunicorn arguments")
    parser.add_argument("--server-env", default="", help="extra environment for the server, e.g. 'ZHICHENG_THREADS=1'")
    args = parser.parse_args()
    ops = [o for o in args.ops.split(",") if o]
    if unknown := set(ops) - set(OPS):
        sys.exit(f"未知的操作：{', '.join(sorted(unknown))}")
    if "healthz" not in ops:
        ops.insert(0, "healthz")  # the floor every ratio is taken against

    h.setup_django()
    applicants, hrs, _info = h.load_accounts(max(args.users, 8))
    env = dict(os.environ)
    env["PYTHONPATH"] = str(h.PROJECT_DIR / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["ZHICHENG_ACCESS_LOG"] = str(h.OUT_DIR / "http_load-access.log")
    for item in shlex.split(args.server_env):
        k, _, v = item.partition("=")
        env[k] = v
    server = h.Server(args, env)
    rows: dict[str, list[tuple[float, float, float, int]]] = {}
    try:
        login_all(server.port, applicants + list(hrs.values()))
        h.closed_loop(server.port, "mix", applicants[:8], hrs, 3.0, server)  # warm-up
        users = applicants[:args.users]
        for rep in range(args.reps):
            for op in ops:
                if op in ("healthz", "mix"):
                    r = h.closed_loop(server.port, op, users, hrs, args.duration, server, seed=rep)
                else:
                    r = h.closed_loop(server.port, "pages", users, hrs, args.duration, server, ops=[(op, 1)], seed=rep)
                n = max(r.rps * r.seconds, 1)
                rows.setdefault(op, []).append((r.rps, r.server_cpu * 1000 / n, r.database_cpu * 1000 / n, r.errors))
    finally:
        server.stop()
    floor = [x[0] for x in rows["healthz"]]
    print(f"{args.users} users, {args.reps} × {args.duration:g} s per operation")
    print("| operation | req/s | / healthz | server CPU ms | database CPU ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for op in ops:
        got = rows[op]
        ratios = [x[0] / f for x, f in zip(got, floor, strict=True)]
        print(f"| {op} | {statistics.median(x[0] for x in got):.1f} | {statistics.median(ratios):.3f} "
              f"({min(ratios):.3f}–{max(ratios):.3f}) | {statistics.median(x[1] for x in got):.2f} "
              f"| {statistics.median(x[2] for x in got):.2f} | {sum(x[3] for x in got)} |")


if __name__ == "__main__":
    main()
