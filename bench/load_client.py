"""bench/http_load.py's HTTP side: the accounts it acts as, one keep-alive client per user, and logins through
the form with its CSRF token. Not a test module, not part of the application package."""

from __future__ import annotations

import http.client
import random
import re
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from benchlib import PASSWORD


@dataclass
class Account:
    username: str
    app_id: int = 0  # the applicant's own draft application
    hr: str = ""  # the HR account of the applicant's unit
    cookies: dict = field(default_factory=dict)


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

