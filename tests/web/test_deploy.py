"""The production setup (issue 7): gunicorn sized by cores, ./run using that config, nginx's upload limit,
PostgreSQL's pool and prepared statements switched by the environment."""

import re
import runpy
import shlex
from pathlib import Path

import pytest
from gunicorn.config import Config

from zhicheng.codes.models import PARAMETER_DEFAULTS

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
SETTINGS = ROOT / "src" / "zhicheng" / "settings.py"


def _load_conf(monkeypatch, cores: int, **env) -> dict:
    for key in ("ZHICHENG_WORKERS", "ZHICHENG_THREADS", "ZHICHENG_KEEPALIVE", "ZHICHENG_BIND"):
        monkeypatch.delenv(key, raising=False)  # also restores ZHICHENG_THREADS, which the config exports
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    return runpy.run_path(str(GUNICORN_CONF))


@pytest.mark.parametrize(("cores", "workers"), [(1, 2), (2, 4), (8, 16)])
def test_gunicorn_workers_follow_cores(monkeypatch, cores, workers):
    conf = _load_conf(monkeypatch, cores)
    assert (conf["workers"], conf["threads"]) == (workers, 2)
    assert conf["reuse_port"] is True


def test_gunicorn_environment_overrides_and_exports_threads(monkeypatch):
    import os

    conf = _load_conf(monkeypatch, 2, ZHICHENG_WORKERS="3", ZHICHENG_THREADS="6")
    assert (conf["workers"], conf["threads"]) == (3, 6)
    assert os.environ["ZHICHENG_THREADS"] == "6"  # the settings size each worker's database pool from it


def test_gunicorn_rejects_zero_workers(monkeypatch):
    with pytest.raises(ValueError, match="at least 1"):
        _load_conf(monkeypatch, 2, ZHICHENG_WORKERS="0")


def test_gunicorn_config_names_only_real_settings(monkeypatch):
    conf = _load_conf(monkeypatch, 2)
    cfg = Config()
    names = [k for k in conf if k in cfg.settings]
    assert {"workers", "threads", "reuse_port", "keepalive", "timeout", "worker_class"} <= set(names)
    for name in names:
        cfg.set(name, conf[name])  # gunicorn's own validators
    assert cfg.workers == 4 and cfg.threads == 2 and cfg.reuse_port and cfg.worker_class_str == "gthread"
    assert 0 < cfg.keepalive < 30


def _run_gunicorn_command() -> list[str]:
    text = (ROOT / "run").read_text().replace("\\\n", " ")
    lines = [line for line in text.splitlines() if "bin/gunicorn" in line and not line.lstrip().startswith("#")]
    assert len(lines) == 1
    return shlex.split(lines[0])


def test_run_starts_gunicorn_with_the_config():
    cmd = _run_gunicorn_command()
    assert cmd[0] == "exec"
    conf = cmd[cmd.index("-c") + 1]
    assert (ROOT / conf).resolve() == GUNICORN_CONF
    # Command-line flags win over the config file: none may fix the sizing ./run gets from the config.
    assert not {"--workers", "-w", "--threads", "--keep-alive", "--worker-class", "-k"} & set(cmd)
    assert "zhicheng.wsgi:application" in cmd


def test_nginx_body_limit_matches_the_upload_parameter():
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    sizes = re.findall(r"^\s*client_max_body_size\s+(\d+)([km]?);", text, re.MULTILINE)
    assert len(sizes) == 1
    number, unit = sizes[0]
    limit = int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]
    upload = PARAMETER_DEFAULTS["upload_max_bytes"][1]
    # Larger than one file at the limit (the form's other fields ride along), by at most 1 MiB: a file over
    # the limit reaches Django, which refuses it with its own message instead of nginx's 413 page.
    assert upload < limit <= upload + 1024 * 1024
    assert re.search(r"upstream zhicheng \{[^}]*\bkeepalive \d+;", text)
    assert 'proxy_set_header Connection "";' in text
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    # the client's address for the audit trail (zhicheng.http.client_ip with ZHICHENG_TRUSTED_PROXIES)
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text


def _settings(monkeypatch, tmp_path, **env) -> dict:
    for key in ("ZHICHENG_DB_POOL", "ZHICHENG_DB_PREPARE", "ZHICHENG_THREADS", "ZHICHENG_DB_POOL_MAX",
                "TEST_DATABASE_NAME"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("ZHICHENG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(str(SETTINGS))["DATABASES"]["default"]


PG = "postgres://u@127.0.0.1:5432/z"


def test_postgresql_pool_sized_by_threads_with_prepared_statements(monkeypatch, tmp_path):
    db = _settings(monkeypatch, tmp_path, DATABASE_URL=PG, ZHICHENG_THREADS="3")
    assert db["CONN_MAX_AGE"] == 0  # Django refuses a pool otherwise
    assert db["OPTIONS"]["pool"]["max_size"] == 3
    assert db["OPTIONS"]["server_side_binding"] is True
    assert db["OPTIONS"]["prepare_threshold"] == 5


def test_postgresql_pool_and_prepared_statements_switch_off(monkeypatch, tmp_path):
    db = _settings(monkeypatch, tmp_path, DATABASE_URL=PG, ZHICHENG_DB_POOL="0", ZHICHENG_DB_PREPARE="0")
    assert "pool" not in db.get("OPTIONS", {})
    assert "server_side_binding" not in db.get("OPTIONS", {})
    assert db["CONN_MAX_AGE"] == 60 and db["CONN_HEALTH_CHECKS"] is True


def test_sqlite_gets_neither(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = _settings(monkeypatch, tmp_path)
    assert db["ENGINE"].endswith("sqlite3")
    assert "pool" not in db["OPTIONS"] and "prepare_threshold" not in db["OPTIONS"]
    # but keeps each thread's connection across requests (opening one cost ~2 ms of every request)
    assert db["CONN_MAX_AGE"] == 60 and db["CONN_HEALTH_CHECKS"] is True
    assert _settings(monkeypatch, tmp_path, CONN_MAX_AGE="0")["CONN_MAX_AGE"] == 0


def _login_settings(monkeypatch, tmp_path, **env) -> tuple:
    for key in ("ZHICHENG_THREADS", "ZHICHENG_LOGIN_CONCURRENCY", "ZHICHENG_LOGIN_QUEUE", "ZHICHENG_LOGIN_SLOT_WAIT",
                "ZHICHENG_LOGIN_RETRY_AFTER"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("ZHICHENG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    s = runpy.run_path(str(SETTINGS))
    return s["LOGIN_CONCURRENCY"], s["LOGIN_QUEUE"], s["LOGIN_SLOT_WAIT"], s["LOGIN_RETRY_AFTER"]


@pytest.mark.parametrize(("threads", "queue"), [("2", 0), ("3", 0), ("4", 1), ("8", 3)])
def test_logins_leave_threads_for_pages(monkeypatch, tmp_path, threads, queue):
    """A login storm holds at most half of a worker's threads (one checking, the rest waiting); the others
    keep serving pages, whatever ZHICHENG_THREADS is."""
    concurrency, got_queue, wait, retry = _login_settings(monkeypatch, tmp_path, ZHICHENG_THREADS=threads)
    assert (concurrency, got_queue) == (1, queue)
    assert concurrency + got_queue < int(threads)
    assert (wait, retry) == (1.0, 3)


def test_login_sizing_is_overridable(monkeypatch, tmp_path):
    assert _login_settings(monkeypatch, tmp_path, ZHICHENG_THREADS="8", ZHICHENG_LOGIN_CONCURRENCY="2",
                           ZHICHENG_LOGIN_QUEUE="0", ZHICHENG_LOGIN_SLOT_WAIT="0.5",
                           ZHICHENG_LOGIN_RETRY_AFTER="3") == (2, 0, 0.5, 3)
