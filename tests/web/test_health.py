"""/healthz reads a real table and never creates a missing SQLite file (issue 6 §3)."""

import sqlite3

from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper


def _sqlite_at(path) -> DatabaseWrapper:
    return DatabaseWrapper({**connection.settings_dict, "NAME": str(path), "OPTIONS": {}}, alias="healthz_probe")


def test_healthz_503_when_sqlite_file_missing_and_file_not_created(client, db, monkeypatch, tmp_path):
    missing = tmp_path / "zhicheng.sqlite3"
    monkeypatch.setattr("zhicheng.web.views.connection", _sqlite_at(missing))
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json()["detail"] == "数据库文件不存在"
    assert not missing.exists()


def test_healthz_503_when_sqlite_file_is_empty(client, db, monkeypatch, tmp_path):
    empty = tmp_path / "zhicheng.sqlite3"
    sqlite3.connect(empty).close()  # what SQLite leaves behind when it was opened without the file
    probe = _sqlite_at(empty)
    monkeypatch.setattr("zhicheng.web.views.connection", probe)
    r = client.get("/healthz")
    probe.close()
    assert r.status_code == 503
    assert r.json()["detail"] == "数据库无法访问或尚未初始化"


def test_healthz_200_on_the_migrated_database(client, db):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok", "database": "ok"}
