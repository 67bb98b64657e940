"""bench/http_load.py's figures: the result of one closed loop, percentiles, median (min–max) over the
repetitions, and the Markdown report. Not a test module, not part of the application package."""

from __future__ import annotations

import datetime
import json
import os
import platform
import shlex
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Result:
    kind: str
    users: int
    seconds: float
    lat: dict = field(default_factory=dict)  # op -> [ms]
    errors: int = 0
    error_sample: str = ""
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    database_cpu: float = 0.0
    stamps: list = field(default_factory=list)  # (start perf_counter, ms) of every successful request
    until: float = 0.0  # perf_counter after which no request was started

    @property
    def all_ms(self) -> list[float]:
        return [x for v in self.lat.values() for x in v]

    @property
    def count(self) -> int:
        return len(self.all_ms)

    @property
    def rps(self) -> float:
        return self.count / self.seconds


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100 * len(s) + 0.5)) - 1))]


# ---------------------------------------------------------------- report


def spread(values: list[float], fmt: str = "{:.1f}") -> str:
    if not values:
        return "–"
    med = statistics.median(values)
    if len(values) == 1:
        return fmt.format(med)
    return f"{fmt.format(med)} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def machine() -> list[str]:
    import django

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return [f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
            f"- Machine: {os.cpu_count()} cores, {cpu}; {platform.system()} {platform.release()}; "
            f"load average at the end {load}",
            f"- Python {platform.python_version()}, Django {django.get_version()}"]


def report(args, levels, results, storm, info, server, vendor) -> list[str]:
    lines = [f"# HTTP load {args.label}".rstrip(), "", *machine(),
             f"- Database: {info['db']}; {info['applications']} applications",
             f"- Server: `{' '.join(shlex.quote(x) for x in server.cmd[1:])}`"
             + (f" with `{args.server_env}`" if args.server_env else ""),
             f"- Client: {sys.executable} bench/http_load.py {' '.join(shlex.quote(a) for a in sys.argv[1:])}",
             f"- {args.reps} repetitions × {args.duration:g} s per point; figures are median (min–max) over the "
             "repetitions. Server CPU is the gunicorn processes' user+system time per request; database CPU the "
             "same for this machine's PostgreSQL processes (0 for SQLite); client CPU is this script's, as a share "
             "of one core.", "",
             "| users | scenario | req/s | p50 ms | p95 ms | p99 ms | p95/p50 | errors | server CPU ms/req "
             "| database CPU ms/req | client CPU |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for users in levels:
        for kind in ("mix", "healthz", "static"):
            rs = results[(users, kind)]
            lines.append(
                f"| {users} | {kind} | {spread([r.rps for r in rs])} | {spread([pct(r.all_ms, 50) for r in rs])} | "
                f"{spread([pct(r.all_ms, 95) for r in rs])} | {spread([pct(r.all_ms, 99) for r in rs])} | "
                f"{spread([pct(r.all_ms, 95) / pct(r.all_ms, 50) for r in rs], '{:.2f}')} | "
                f"{sum(r.errors for r in rs)} | "
                f"{spread([1000 * r.server_cpu / max(1, r.count) for r in rs], '{:.2f}')} | "
                f"{spread([1000 * r.database_cpu / max(1, r.count) for r in rs], '{:.2f}')} | "
                f"{spread([100 * r.client_cpu / r.seconds for r in rs], '{:.0f}')} % |")
    lines += ["", "Mix throughput as a fraction of /healthz's, each repetition's mix against the same "
              "repetition's /healthz:", "",
              "| users | mix / healthz | mix p95/p50 | per operation p50 / p95 ms (all repetitions) |", "|---:|---:|---:|---|"]
    for users in levels:
        mixes, hz = results[(users, "mix")], results[(users, "healthz")]
        ratios = [m.rps / h.rps for m, h in zip(mixes, hz, strict=True)]
        per_op = {}
        for r in mixes:
            for op, v in r.lat.items():
                per_op.setdefault(op, []).extend(v)
        ops = "; ".join(f"{op} {pct(v, 50):.0f} / {pct(v, 95):.0f}" for op, v in sorted(per_op.items()))
        lines.append(f"| {users} | {spread(ratios, '{:.3f}')} | "
                     f"{spread([pct(r.all_ms, 95) / pct(r.all_ms, 50) for r in mixes], '{:.2f}')} | {ops} |")
    errs = [r.error_sample for rs in results.values() for r in rs if r.error_sample]
    if errs:
        lines += ["", f"First error: `{errs[0][:300]}`"]
    if storm:
        lines += ["", f"## Login storm: {storm[0]['stormers']} users log in at once while {storm[0]['browsers']} "
                  f"browse ({len(storm)} repetitions)", "",
                  "| rep | | pages req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
                  "|---:|---|---:|---:|---:|---:|---:|---:|"]
        for n, st in enumerate(storm, 1):
            b, d = st["base"], st["during"]
            for name, ms, rps, errors in (("browsing alone", b.all_ms, b.rps, b.errors),
                                          ("while the logins run", st["during_ms"], st["during_rps"], d.errors)):
                lines.append(f"| {n} | {name} | {rps:.1f} | {pct(ms, 50):.1f} | {pct(ms, 95):.1f} | "
                             f"{pct(ms, 99):.1f} | {max(ms) if ms else float('nan'):.1f} | {errors} |")
        lines.append("")
        for n, st in enumerate(storm, 1):
            lm = st["login_ms"]
            lines.append(
                f"- rep {n}: logins: {len(lm)} done in {st['storm_seconds']:.1f} s, p50 {pct(lm, 50):.0f} ms, "
                f"max {max(lm) if lm else float('nan'):.0f} ms, {st['login_busy']} answered 503 busy (retried), "
                f"{st['login_errors']} failed"
                + (f" ({st['login_error_sample'][:200]})" if st["login_errors"] else "")
                + f". Pages p95 during / alone: {pct(st['during_ms'], 95) / pct(st['base'].all_ms, 95):.2f}.")
        ratios = [pct(st["during_ms"], 95) / pct(st["base"].all_ms, 95) for st in storm]
        lines += ["", f"Pages p95 during / alone: {spread(ratios, '{:.2f}')}; pages req/s during / alone: "
                  f"{spread([st['during_rps'] / st['base'].rps for st in storm], '{:.2f}')} (median, min–max)."]
    lines += ["", "```json", json.dumps({f"{u}:{k}": [round(r.rps, 1) for r in rs] for (u, k), rs in results.items()}),
              "```"]
    return lines

