#!/usr/bin/env python
"""HTTP load benchmark: gunicorn started as ./run starts it, real logins, the deadline mix, floors in the same run.

    .venv/bin/python bench/generate.py --applications 10000      # first (SQLite, or DATABASE_URL=postgres://...)
    .venv/bin/python bench/http_load.py                          # 1, 8, 32, 128 users × 3 repetitions × 10 s
    .venv/bin/python bench/http_load.py --users 8,32 --duration 5 --reps 3 --no-storm
    .venv/bin/python bench/http_load.py --no-config --server-args "--workers 2 --threads 4"   # the old setup

The script
  1. runs `collectstatic` and starts `gunicorn -c deploy/gunicorn.conf.py zhicheng.wsgi:application` on a free
     port (the production config; --no-config / --server-args to compare), against the bench data
     (bench/out/data, or DATABASE_URL);
  2. logs in as many applicants (each with their own draft application) and unit HR accounts over HTTP, with
     the login form's CSRF token, and keeps their session cookies;
  3. for each number of users and each repetition, runs closed loops (each user one keep-alive connection,
     the next request as soon as the answer is read) of: the mix (60 % dossier overview, 20 % section page,
     15 % section save POST with CSRF, 5 % HR list), `/healthz` (one query), and a static file;
  4. reports throughput, p50/p95/p99, errors, the server's CPU per request (from /proc), the client's CPU, the
     mix's throughput as a fraction of /healthz's and p95/p50, each as median and min–max over the repetitions;
  5. login storm: pages' p95 for 8 users browsing alone, and while 50 other users log in at once.

The client (threads, http.client) runs on the same machine and shares its cores: its CPU is reported.
Every request loop is bounded in time and only talks to 127.0.0.1. Writes bench/out/http_load-<vendor>.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchlib import OUT_DIR, PROJECT_DIR, PROVINCE_NAME, db_description, setup_django
from load_client import Account, Client, login, login_all
from load_report import Result, pct, report

MIX = (("overview", 60), ("section", 20), ("save", 15), ("hr_list", 5))
STATIC_PATH = "/static/web/site.css"
SAVE_TEXT = ("任现职以来，本人主持完成某220kV变电站新建工程电气设计，参与完成省重点输变电工程可行性研究与"
             "初步设计十余项，负责编制企业技术标准两项。压力测试第{}次保存。")


# ---------------------------------------------------------------- data


def load_accounts(n: int) -> tuple[list[Account], dict[str, Account], dict]:
    """n applicants with a draft each (spread over the units) and their units' HR accounts."""
    from django.db import connections

    from zhicheng.dossier.models import Application
    from zhicheng.orgs.models import Organization, RoleAssignment
    from zhicheng.orgs.roles import Role

    province = Organization.objects.filter(name=PROVINCE_NAME).first()
    if province is None:
        sys.exit("没有基准测试数据：先运行 .venv/bin/python bench/generate.py --applications 10000")
    drafts = list(Application.objects.filter(unit__path__startswith=province.path, state="draft")
                  .order_by("id").values_list("id", "unit_id", "applicant__username")[:n])
    if len(drafts) < n:
        sys.exit(f"需要 {n} 份草稿申报，只有 {len(drafts)} 份：生成更多申报")
    hr_by_unit = {}
    for unit_id, username in (RoleAssignment.objects.filter(role=Role.UNIT_HR, organization__kind="unit",
                                                            organization__path__startswith=province.path)
                              .order_by("id").values_list("organization_id", "user__username")):
        hr_by_unit.setdefault(unit_id, username)
    applicants = [Account(username, app_id=app_id, hr=hr_by_unit[unit_id]) for app_id, unit_id, username in drafts]
    hrs = {u: Account(u) for u in sorted(set(a.hr for a in applicants))}
    info = {"db": db_description(),
            "applications": Application.objects.filter(unit__path__startswith=province.path).count()}
    connections.close_all()
    return applicants, hrs, info


# ---------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, args, env: dict):
        self.port = free_port()
        self.env = env
        py = sys.executable
        subprocess.run([py, "-m", "zhicheng", "collectstatic", "--noinput", "-v", "0"], env=env, check=True,
                       cwd=PROJECT_DIR)
        gunicorn = str(Path(py).with_name("gunicorn"))
        cmd = [gunicorn]
        if not args.no_config:
            cmd += ["-c", str(PROJECT_DIR / "deploy" / "gunicorn.conf.py")]
        run_dir = OUT_DIR / "run"
        run_dir.mkdir(parents=True, exist_ok=True)
        cmd += ["zhicheng.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
                "--control-socket", str(run_dir / f"gunicorn-{self.port}.ctl"), *shlex.split(args.server_args)]
        self.cmd = cmd
        self.log = open(OUT_DIR / "http_load-server.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, env=env, cwd=PROJECT_DIR, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"gunicorn exited ({self.proc.returncode}); see {self.log.name}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    c.close()
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            self.stop()
            sys.exit("gunicorn did not answer /healthz within 60 s")
        time.sleep(1.0)  # let every worker finish booting

    def pids(self) -> list[int]:
        pids = [self.proc.pid]
        try:
            kids = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
            pids += [int(k) for k in kids]
        except OSError:
            pass
        return pids

    def cpu_seconds(self) -> float:
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except (OSError, IndexError):
                pass
        return total / tick

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the master stops its own workers
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def database_cpu_seconds() -> float:
    """User+system CPU of this machine's PostgreSQL processes (0 when the database is elsewhere or SQLite):
    on one machine the database shares the cores with the server, so its cost is part of every figure."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        name, rest = stat.split("(", 1)[1].rsplit(")", 1)
        if name.startswith("postgres"):
            fields = rest.split()
            total += int(fields[11]) + int(fields[12])
    return total / tick


# ---------------------------------------------------------------- closed loop


def do_op(client: Client, op: str, user: Account, hrs: dict[str, Account], counter) -> tuple[bool, str]:
    if op == "healthz":
        status, _, body = client.request("GET", "/healthz")
        return status == 200 and b'"ok"' in body, f"{status}"
    if op == "static":
        status, _, body = client.request("GET", STATIC_PATH)
        return status == 200 and len(body) > 100, f"{status}"
    base = f"/applications/{user.app_id}/"
    if op == "overview":
        status, _, body = client.request("GET", base, cookies=user.cookies)
        return status == 200 and "申报材料".encode() in body, f"{status} {base}"
    if op == "section":
        status, _, body = client.request("GET", base + "s/publications/", cookies=user.cookies)
        return status == 200 and "论文与著作".encode() in body, f"{status} {base}s/publications/"
    if op == "save":
        n = next(counter)
        status, meta, body = client.request(
            "POST", base + "s/achievement/", cookies=user.cookies,
            form={"csrfmiddlewaretoken": user.cookies.get("csrftoken", ""), "content": SAVE_TEXT.format(n)})
        return status == 302 and "login" not in meta["location"], f"{status} {meta['location']} {body[:200]!r}"
    if op == "hr_list":
        hr = hrs[user.hr]
        status, _, body = client.request("GET", "/applications/", cookies=hr.cookies)
        return status == 200 and b"application-table" in body, f"{status} /applications/"
    raise ValueError(op)


def closed_loop(port: int, kind: str, users: list[Account], hrs: dict[str, Account], seconds: float,
                server: Server | None, *, ops=None, seed: int = 0) -> Result:
    """Each user: one connection, requests back to back for `seconds`. kind: mix | pages | healthz | static."""
    import itertools

    counter = itertools.count(int(time.time() * 1000) % 10**9)
    res = Result(kind, len(users), seconds)
    lock = threading.Lock()
    start = threading.Barrier(len(users) + 1)
    stop_at = [0.0]

    def run(i: int, user: Account):
        rng = random.Random(seed * 1000 + i)
        client = Client(port)
        local: dict[str, list[float]] = {}
        stamps = []
        errors, sample = 0, ""
        if kind in ("mix", "pages"):
            names = [n for n, _ in (ops or MIX)]
            weights = [w for _, w in (ops or MIX)]
        start.wait()
        while True:
            now = time.perf_counter()
            if now >= stop_at[0]:
                break
            op = kind if kind in ("healthz", "static") else rng.choices(names, weights)[0]
            try:
                ok, detail = do_op(client, op, user, hrs, counter)
            except Exception as e:  # noqa: BLE001 - counted as an error
                ok, detail = False, repr(e)
                client.close()
            elapsed = (time.perf_counter() - now) * 1000
            if ok:
                local.setdefault(op, []).append(elapsed)
                stamps.append((now, elapsed))
            else:
                errors += 1
                sample = sample or f"{op}: {detail}"
        client.close()
        with lock:
            for k, v in local.items():
                res.lat.setdefault(k, []).extend(v)
            res.stamps.extend(stamps)
            res.errors += errors
            res.error_sample = res.error_sample or sample

    threads = [threading.Thread(target=run, args=(i, u), daemon=True) for i, u in enumerate(users)]
    for t in threads:
        t.start()
    cpu0 = server.cpu_seconds() if server else 0.0
    dcpu0 = database_cpu_seconds()
    ccpu0 = time.process_time()
    t0 = time.perf_counter()
    stop_at[0] = res.until = t0 + seconds
    start.wait()
    for t in threads:
        t.join(seconds + 120)
    res.seconds = time.perf_counter() - t0
    res.client_cpu = time.process_time() - ccpu0
    res.server_cpu = (server.cpu_seconds() - cpu0) if server else 0.0
    res.database_cpu = database_cpu_seconds() - dcpu0
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", default="1,8,32,128", help="concurrent users, comma-separated (default 1,8,32,128)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per point (default 10)")
    parser.add_argument("--reps", type=int, default=3, help="repetitions of every point (default 3)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of mix at 8 users first (default 3)")
    parser.add_argument("--no-storm", action="store_true", help="skip the login storm")
    parser.add_argument("--storm-users", type=int, default=50, help="users logging in at once (default 50)")
    parser.add_argument("--storm-reps", type=int, default=None, help="repetitions of the storm (default --reps)")
    parser.add_argument("--storm-browsers", type=int, default=8, help="users browsing during the storm (default 8)")
    parser.add_argument("--no-config", action="store_true", help="start gunicorn without deploy/gunicorn.conf.py")
    parser.add_argument("--server-args", default="", help="extra gunicorn arguments (they win over the config)")
    parser.add_argument("--server-env", default="", help="extra environment for the server, e.g. 'ZHICHENG_DB_POOL=0'")
    parser.add_argument("--label", default="", help="a name for this run in the output")
    parser.add_argument("--out", default="", help="Markdown output (default bench/out/http_load-<vendor>.md)")
    args = parser.parse_args()
    levels = [int(x) for x in args.users.split(",") if x.strip()]

    setup_django()
    from django.db import connection

    vendor = connection.vendor
    n_storm = 0 if args.no_storm else args.storm_users
    applicants, hrs, info = load_accounts(max(levels + [args.storm_browsers]) + n_storm)
    browsers, stormers = applicants[:len(applicants) - n_storm], applicants[len(applicants) - n_storm:]

    env = dict(os.environ)
    env["PYTHONPATH"] = str(PROJECT_DIR / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["ZHICHENG_ACCESS_LOG"] = str(OUT_DIR / "http_load-access.log")  # production logs every request too
    for item in shlex.split(args.server_env):
        k, _, v = item.partition("=")
        env[k] = v
    server = Server(args, env)
    lines: list[str] = []
    try:
        t = time.perf_counter()
        login_all(server.port, browsers + list(hrs.values()))
        print(f"logged in {len(browsers) + len(hrs)} accounts in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        closed_loop(server.port, "mix", browsers[:8], hrs, args.warmup, server)

        results: dict[tuple[int, str], list[Result]] = {}
        for users in levels:
            for rep in range(args.reps):
                for kind in ("healthz", "static", "mix"):
                    r = closed_loop(server.port, kind, browsers[:users], hrs, args.duration, server, seed=rep)
                    results.setdefault((users, kind), []).append(r)
                    print(f"{users:>4} users rep {rep + 1} {kind:<8} {r.rps:7.1f} req/s  p50 {pct(r.all_ms, 50):6.1f}"
                          f"  p95 {pct(r.all_ms, 95):6.1f} ms  errors {r.errors} {r.error_sample[:120]}",
                          file=sys.stderr, flush=True)

        storm = [] if args.no_storm else [
            login_storm(server, browsers[:args.storm_browsers], stormers, hrs, args.duration)
            for _ in range(args.storm_reps if args.storm_reps is not None else args.reps)]
        lines = report(args, levels, results, storm, info, server, vendor)
    finally:
        server.stop()
    text = "\n".join(lines) + "\n"
    print(text)
    out = Path(args.out or OUT_DIR / f"http_load-{vendor}.md")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)


PAGES = (("overview", 60), ("section", 25), ("hr_list", 15))  # the storm measures pages (GETs)


def login_storm(server: Server, browsers, stormers, hrs, seconds: float) -> dict:
    """Pages' latency for `browsers` users alone, then while all `stormers` log in at the same moment."""
    base = closed_loop(server.port, "pages", browsers, hrs, seconds, server, ops=PAGES, seed=7)
    out: dict = {"base": base, "browsers": len(browsers), "stormers": len(stormers)}
    times: list[float] = []
    errors: list[str] = []
    busy: list[int] = []
    go = threading.Barrier(len(stormers) + 1)

    def one(a: Account):
        go.wait()
        try:
            times.append(login(server.port, a, busy))
        except Exception as e:  # noqa: BLE001 - reported
            errors.append(str(e))

    threads = [threading.Thread(target=one, args=(a,), daemon=True) for a in stormers]
    for t in threads:
        t.start()
    holder: dict = {}

    def browse():
        holder["r"] = closed_loop(server.port, "pages", browsers, hrs, seconds, server, ops=PAGES, seed=8)

    b = threading.Thread(target=browse)
    b.start()
    time.sleep(0.5)  # browsers are running: now everyone logs in at once
    t0 = time.perf_counter()
    go.wait()
    for t in threads:
        t.join(120)
    t1 = time.perf_counter()
    out["storm_seconds"] = t1 - t0
    b.join()
    browsed_until = holder["r"].until
    during = holder["r"]
    out["during"] = during
    # Only the requests that started while logins were running.
    out["during_ms"] = [ms for st, ms in during.stamps if t0 <= st <= t1]
    # … per second of the time both ran (the browsers stop after `seconds`; retried logins may last longer)
    out["during_rps"] = len(out["during_ms"]) / max(1e-9, min(t1, browsed_until) - t0)
    out["login_ms"] = [x * 1000 for x in times]
    out["login_busy"] = len(busy)
    out["login_errors"] = len(errors)
    out["login_error_sample"] = errors[0] if errors else ""
    return out



if __name__ == "__main__":
    main()
