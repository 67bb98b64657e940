"""The office's 网上审核 queue at depth: first, quarter, middle and last page of one office's queue (not a test).

Builds N applications in the §三 states (预审通过, 网上审核中, 网上审核通过, 主管部门已呈报) in two units of one
office, plus N/10 in another office's unit interleaved in time (its own SQLite under bench/out/office_paging/
unless ZHICHENG_DATA_DIR / DATABASE_URL say otherwise), then times the queue's SQL as the page runs it (ids
through the (state, updated_at, id) index with the scope's unit path checked per row, then only the page's
narrow rows; the count included) and the old OFFSET over wide joined rows, in turns, as ratios to the first page.

    .venv/bin/python bench/office_paging.py --applications 50000
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import OUT_DIR, USERNAME_PREFIX, db_description, setup_django  # noqa: E402
from list_paging import PER_PAGE, interleaved  # noqa: E402

STATES = ("online_submitted", "prereview_passed", "online_submitted", "online_passed", "online_submitted",
          "office_endorsed")


def build(n: int):
    """Office 1's units get n applications, office 2's unit n // 10, all in §三 states (kept between runs)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from generate import TITLE_CODES, ensure_structure, explicit_timestamps, person
    from zhicheng.codes.models import Title
    from zhicheng.dossier import models as m
    from zhicheng.orgs.models import RoleAssignment, User
    from zhicheng.orgs.roles import Role

    units, campaigns = ensure_structure(3, 2)  # units 0 and 2 in office 1, unit 1 in office 2
    reviewer = User.objects.get(username=f"{USERNAME_PREFIX}office01")
    title = Title.objects.filter(code__in=TITLE_CODES).select_related("series").first()
    total = n + n // 10
    have = m.Application.objects.count()
    password, now = make_password("x"), timezone.now()
    for start in range(have, total, 2000):
        ks = range(start, min(start + 2000, total))
        with transaction.atomic():
            users = User.objects.bulk_create([
                User(username=f"{USERNAME_PREFIX}op{k:07d}", password=password, real_name=f"队列{k}",
                     id_number=person(k)[0], birth_date=person(k)[1], gender=person(k)[2]) for k in ks])
            # every 11th application is the other office's; the rest alternate between office 1's two units
            where = {k: (1 if k % 11 == 10 else (0 if k % 2 else 2)) for k in ks}
            RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=Role.APPLICANT,
                                                               organization=units[where[k]])
                                                for k, u in zip(ks, users, strict=True)])
            with explicit_timestamps(m.Application, "created_at", "updated_at"):
                m.Application.objects.bulk_create([
                    m.Application(applicant=u, campaign=campaigns[where[k]], unit=units[where[k]],
                                  series=title.series, title=title, level=title.level, specialty="电气工程",
                                  state=STATES[k % len(STATES)], submitted_at=now, created_at=now,
                                  updated_at=now - datetime.timedelta(seconds=total - k))
                    for k, u in zip(ks, users, strict=True)])
    return reviewer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applications", type=int, default=5000, help="applications in the office (default 5000)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per page (median shown)")
    parser.add_argument("--runs", type=int, default=3, help="runs, each timing every page in turns")
    parser.add_argument("--explain", action="store_true", help="print the plan of the middle page's ids query")
    args = parser.parse_args()
    os.environ.setdefault("ZHICHENG_DATA_DIR", str(OUT_DIR / "office_paging"))
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from zhicheng.dossier.permissions import visible_applications
    from zhicheng.http import IdsFirst
    from zhicheng.office_review.views_online import QUEUE_ROWS

    print(f"数据库：{db_description()}")
    call_command("migrate", interactive=False, verbosity=0)
    reviewer = build(args.applications)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:  # what autovacuum does shortly after a bulk load
            cur.execute("VACUUM ANALYZE dossier_application")
            cur.execute("VACUUM ANALYZE orgs_organization")
    ordered = visible_applications(reviewer).filter(state="online_submitted").order_by("updated_at", "id")
    total = ordered.count()
    last = (total - 1) // PER_PAGE
    pages = {"first": 0, "quarter": last // 4, "middle": last // 2, "last": last}
    print(f"{total} applications in the office's 网上审核 queue, {last + 1} pages of {PER_PAGE}; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.explain:
        from django.core.cache import cache

        cache.clear()
        rows = IdsFirst(ordered, QUEUE_ROWS)
        start = pages["middle"] * PER_PAGE
        keys = rows._keys()
        marks = rows._bookmarks(keys, total)
        j = min(start // rows.SEEK_FROM, len(marks))
        qs = ordered.filter(rows._after(keys, marks[j - 1])).values_list("pk", flat=True)[
            start - j * rows.SEEK_FROM:start - j * rows.SEEK_FROM + PER_PAGE]
        print(qs.explain(**({"analyze": True} if connection.vendor == "postgresql" else {})))
    old = ordered.select_related("applicant", "unit", "title")

    def now(o):
        rows = IdsFirst(ordered, QUEUE_ROWS)
        rows.count()
        return rows[o:o + PER_PAGE]

    def before(o):
        old.count()
        return list(old[o:o + PER_PAGE])

    for run in range(1, args.runs + 1):
        for label, fn in (("ids first + bookmarks (now)", now), ("wide OFFSET (before)", before)):
            times = interleaved({k: (lambda p=p, f=fn: f(p * PER_PAGE)) for k, p in pages.items()}, args.repeat)
            ratios = "  ".join(f"{k} {t:.2f} ms ({t / times['first']:.2f}×)" for k, t in times.items())
            print(f"run {run} {label:30} {ratios}")
        print(f"  load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
