"""HR list paging at depth: the first, middle and last page of one unit's N applications (not a test).

Builds N applications in one unit with bulk_create (its own SQLite under bench/out/list_paging/ unless
ZHICHENG_DATA_DIR / DATABASE_URL say otherwise), then times the list's SQL for each page — the way the list
pages now (ids through the (unit, -updated_at, -id) index, then only the page's narrow rows) and the old
OFFSET over wide joined rows — and prints each page's time as a ratio to the first page.

    .venv/bin/python bench/list_paging.py --applications 5000
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import OUT_DIR, USERNAME_PREFIX, db_description, setup_django  # noqa: E402

PER_PAGE = 20


def build(n: int):
    """The unit, its HR and n applications in it (added up to n; kept between runs)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from generate import TITLE_CODES, ensure_structure, explicit_timestamps, person
    from zhicheng.codes.models import Title
    from zhicheng.dossier import models as m
    from zhicheng.orgs.models import RoleAssignment, User
    from zhicheng.orgs.roles import Role

    units, campaigns = ensure_structure(2, 1)
    unit, campaign = units[0], campaigns[0]
    hr = User.objects.get(username=f"{USERNAME_PREFIX}hr001")
    title = Title.objects.filter(code__in=TITLE_CODES).select_related("series").first()
    have = m.Application.objects.filter(unit=unit).count()
    password, now = make_password("x"), timezone.now()
    for start in range(have, n, 2000):
        ns = range(start, min(start + 2000, n))
        with transaction.atomic():
            users = User.objects.bulk_create([
                User(username=f"{USERNAME_PREFIX}lp{k:07d}", password=password, real_name=f"列表{k}",
                     id_number=person(k)[0], birth_date=person(k)[1], gender=person(k)[2]) for k in ns])
            RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=Role.APPLICANT, organization=unit)
                                                for u in users])
            with explicit_timestamps(m.Application, "created_at", "updated_at"):
                m.Application.objects.bulk_create([
                    m.Application(applicant=u, campaign=campaign, unit=unit, series=title.series, title=title,
                                  level=title.level, specialty="电气工程", state="submitted",
                                  submitted_at=now, created_at=now,
                                  updated_at=now - datetime.timedelta(seconds=k))
                    for k, u in zip(ns, users, strict=True)])
    return hr


def timed(fn, repeat: int) -> float:
    fn()  # warm-up
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs) * 1000


def interleaved(fns: dict, repeat: int) -> dict:
    """Median ms of each function, timed in turns (first, middle, last, …, first, …) so that a change in the
    machine's load during the run weighs on every page alike."""
    for fn in fns.values():
        fn()  # warm-up
    runs: dict = {k: [] for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            t = time.perf_counter()
            fn()
            runs[k].append(time.perf_counter() - t)
    return {k: statistics.median(v) * 1000 for k, v in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applications", type=int, default=5000, help="applications in the one unit (default 5000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per page (median shown)")
    args = parser.parse_args()
    os.environ.setdefault("ZHICHENG_DATA_DIR", str(OUT_DIR / "list_paging"))
    setup_django()
    from django.core.management import call_command

    from zhicheng.dossier.permissions import visible_applications
    from zhicheng.dossier.views import LIST_ROWS
    from zhicheng.http import IdsFirst

    print(f"数据库：{db_description()}")
    call_command("migrate", interactive=False, verbosity=0)
    hr = build(args.applications)
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum does shortly after a bulk load: statistics, and the visibility map that lets the
        # ids-first query read the index alone (without it every index entry is checked against the table).
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE dossier_application")
    ordered = visible_applications(hr).order_by("-updated_at", "-id")
    total = ordered.count()
    last = (total - 1) // PER_PAGE
    pages = {"first": 0, "middle": last // 2, "last": last}  # (and a quarter, added below)
    old = ordered.select_related("applicant", "title", "series", "unit", "campaign")
    print(f"{total} applications visible to the unit's HR, {last + 1} pages of {PER_PAGE}")
    def now(o):
        rows = IdsFirst(ordered, LIST_ROWS)
        rows.count()  # every page shows the count (共 N 条), so both ways pay for it
        return rows[o:o + PER_PAGE]

    def before(o):
        old.count()
        return list(old[o:o + PER_PAGE])

    def offset_only(o):
        rows = IdsFirst(ordered, LIST_ROWS)
        rows.SEEK_FROM = 0  # no bookmarks: from the nearer end by OFFSET over the index
        rows.count()
        return rows[o:o + PER_PAGE]

    from django.core.cache import cache

    def bookmarks():
        cache.clear()
        rows = IdsFirst(ordered, LIST_ROWS)
        return rows._bookmarks(rows._keys(), total)

    pages["quarter"] = last // 4
    for label, qs_page in (("ids first + bookmarks (now)", now), ("ids first, OFFSET from the nearer end", offset_only),
                           ("wide OFFSET (before)", before)):
        times = interleaved({k: (lambda p=p, f=qs_page: f(p * PER_PAGE)) for k, p in pages.items()}, args.repeat)
        ratios = "  ".join(f"{k} {t:.2f} ms ({t / times['first']:.2f}×)" for k, t in times.items())
        print(f"{label:38} {ratios}")
    print(f"{'count alone':38} {timed(ordered.count, args.repeat):.2f} ms")
    print(f"{'reading the bookmarks (once a minute)':38} {timed(bookmarks, args.repeat):.2f} ms "
          f"({total // IdsFirst.SEEK_FROM} bookmarks, one every {IdsFirst.SEEK_FROM} rows)")


if __name__ == "__main__":
    main()
