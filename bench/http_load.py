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
import datetime
import http.client
import json
import os
import platform
import random
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from benchlib import OUT_DIR, PASSWORD, PROJECT_DIR, PROVINCE_NAME, db_description, setup_django

MIX = (("overview", 60), ("section", 20), ("save", 15), ("hr_list", 5))
STATIC_PATH = "/static/web/site.css"
SAVE_TEXT = ("任现职以来，本人主持完成某220kV变电站新建工程电气设计，参与完成省重点输变电工程可行性研究与"
             "初步设计十余项，负责编制企业技术标准两项。压力测试第{}次保存。")


# ---------------------------------------------------------------- data


@dataclass
class Account:
    username: str
    app_id: int = 0  # the applicant's own draft application
    hr: str = ""  # the HR account of the applicant's unit
    cookies: dict = field(default_factory=dict)


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


# ---------------------------------------------------------------- client


class Client:
    """One keep-alive connection; cookies are passed per request (one user may act with two sessions)."""

    def __init__(self, port: int):
        self.port = port
        self.conn = None

    def request(self, method: str, path: str, *, cookies: dict | None = None, form: dict | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes]:
        hdrs = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                r = self.conn.getresponse()
                data = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    self.close()
                set_cookies = {}
                for name, value in r.getheaders():
                    if name.lower() == "set-cookie":
                        k, _, rest = value.partition("=")
                        set_cookies[k.strip()] = rest.split(";", 1)[0]
                return r.status, {"location": r.getheader("Location", ""), "cookies": set_cookies,
                                  "retry_after": r.getheader("Retry-After", "")}, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection: reconnect once, as a browser does.
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def login(port: int, account: Account, busy: list | None = None) -> float:
    """Log in through the form (GET for the CSRF token, POST); keeps the cookies. Returns seconds.

    A 503 (no password-check slot, orgs.hashers.login_slot) is retried as a user would: after its Retry-After
    (times 1–1.5, users do not all click at the same instant), with the token of the page it returned; each one
    is appended to `busy`."""
    c = Client(port)
    t = time.perf_counter()
    status, meta, body = c.request("GET", "/login/")
    m = CSRF_RE.search(body)
    if status != 200 or not m:
        raise RuntimeError(f"login page: {status}")
    cookies = dict(meta["cookies"])
    for _ in range(20):
        status, meta, body = c.request("POST", "/login/", cookies=cookies, form={
            "csrfmiddlewaretoken": m.group(1).decode(), "username": account.username, "password": PASSWORD})
        cookies.update(meta["cookies"])
        m = CSRF_RE.search(body)
        if status != 503 or not m:
            break
        if busy is not None:
            busy.append(1)
        time.sleep(float(meta.get("retry_after") or 1) * random.uniform(1.0, 1.5))
    elapsed = time.perf_counter() - t
    c.close()
    if status != 302 or "sessionid" not in meta["cookies"]:
        raise RuntimeError(f"login of {account.username} failed: {status} {body[:300]!r}")
    cookies.update(meta["cookies"])
    account.cookies = cookies
    return elapsed


def login_all(port: int, accounts: list[Account], parallel: int = 4) -> None:
    todo = list(accounts)
    lock = threading.Lock()
    errors = []

    def worker():
        while True:
            with lock:
                if not todo:
                    return
                a = todo.pop()
            try:
                login(port, a)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(str(e))

    threads = [threading.Thread(target=worker) for _ in range(parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        sys.exit(f"{len(errors)} logins failed, e.g. {errors[0]}")


# ---------------------------------------------------------------- closed loop


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
    ccpu0 = time.process_time()
    t0 = time.perf_counter()
    stop_at[0] = res.until = t0 + seconds
    start.wait()
    for t in threads:
        t.join(seconds + 120)
    res.seconds = time.perf_counter() - t0
    res.client_cpu = time.process_time() - ccpu0
    res.server_cpu = (server.cpu_seconds() - cpu0) if server else 0.0
    return res


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


def report(args, levels, results, storm, info, server: Server, vendor) -> list[str]:
    lines = [f"# HTTP load {args.label}".rstrip(), "", *machine(),
             f"- Database: {info['db']}; {info['applications']} applications",
             f"- Server: `{' '.join(shlex.quote(x) for x in server.cmd[1:])}`"
             + (f" with `{args.server_env}`" if args.server_env else ""),
             f"- Client: {sys.executable} bench/http_load.py {' '.join(shlex.quote(a) for a in sys.argv[1:])}",
             f"- {args.reps} repetitions × {args.duration:g} s per point; figures are median (min–max) over the "
             "repetitions. Server CPU is the gunicorn processes' user+system time per request; client CPU is "
             "this script's, as a share of one core.", "",
             "| users | scenario | req/s | p50 ms | p95 ms | p99 ms | p95/p50 | errors | server CPU ms/req | client CPU |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for users in levels:
        for kind in ("mix", "healthz", "static"):
            rs = results[(users, kind)]
            lines.append(
                f"| {users} | {kind} | {spread([r.rps for r in rs])} | {spread([pct(r.all_ms, 50) for r in rs])} | "
                f"{spread([pct(r.all_ms, 95) for r in rs])} | {spread([pct(r.all_ms, 99) for r in rs])} | "
                f"{spread([pct(r.all_ms, 95) / pct(r.all_ms, 50) for r in rs], '{:.2f}')} | "
                f"{sum(r.errors for r in rs)} | "
                f"{spread([1000 * r.server_cpu / max(1, r.count) for r in rs], '{:.2f}')} | "
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


if __name__ == "__main__":
    main()
