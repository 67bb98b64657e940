"""Shared by bench/generate.py and bench/run.py: Django setup that never points at the demo data.

Not a test module (pytest only collects tests/), not part of the application package.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
DEFAULT_DATA_DIR = OUT_DIR / "data"

# Everything the generator creates is found again by these markers.
PROVINCE_NAME = "基准测试省职称改革工作领导小组办公室"
USERNAME_PREFIX = "bench_"
PASSWORD = "Zc-Bench-2026!"


def setup_django(*, allow_demo: bool = False) -> None:
    """Point Django at bench/out/data (SQLite) unless DATABASE_URL / ZHICHENG_DATA_DIR say otherwise."""
    src = str(PROJECT_DIR / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")
    os.environ.setdefault("ZHICHENG_DATA_DIR", str(DEFAULT_DATA_DIR))
    data_dir = Path(os.environ["ZHICHENG_DATA_DIR"]).resolve()
    if not allow_demo and data_dir == (PROJECT_DIR / "var").resolve() and not os.environ.get("DATABASE_URL"):
        sys.exit("ZHICHENG_DATA_DIR points at the demo data (./var); refusing. Unset it or pass --allow-demo-dir.")
    (data_dir / "static").mkdir(parents=True, exist_ok=True)  # whitenoise warns when STATIC_ROOT is missing
    import django

    django.setup()


def db_description() -> str:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("select sqlite_version()")
            return f"SQLite {cur.fetchone()[0]} ({connection.settings_dict['NAME']})"
        if connection.vendor == "postgresql":
            cur.execute("show server_version")
            return f"PostgreSQL {cur.fetchone()[0]} (database {connection.settings_dict['NAME']})"
    return connection.vendor
