"""What a 10 MB upload adds to a worker's peak memory (not a test).

Each measurement is a fresh process (peak RSS only ever rises, so one kind per process): it sets up Django
on its own copy of a small database in a temporary data directory, writes the upload and its multipart
body to disk, sends one request without a file through django.test.Client (the floor: the same view, the
same middleware, everything imported and warm), reads the peak RSS (VmHWM), then sends N uploads of the
file and reads it again. The request body is streamed from disk into the request (tests/support/uploads.py),
so the client's own copy of the body is not counted: what is measured is what the server side costs.

    .venv/bin/python bench/upload_memory.py                 # 3 repetitions × every kind, 5 uploads each
    .venv/bin/python bench/upload_memory.py -n 10 --repeat 5
    .venv/bin/python bench/upload_memory.py --src /tmp/old/src   # the same against another checkout's code
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
SIZE = 10 * 1024 * 1024

# label → (file kind, where it goes, through what)
KINDS = {
    "PDF 证明材料 (UI)": ("pdf", "attachment", "ui"),
    "JPG 证明材料 (UI)": ("jpg", "attachment", "ui"),
    "PNG 证明材料 (UI)": ("png", "attachment", "ui"),
    "工作总结 PDF (UI)": ("summary", "summary", "ui"),
    "政策文件 PDF (UI)": ("pdf", "policy", "ui"),
    "PDF 证明材料 (API)": ("pdf", "attachment", "api"),
    "PNG 证明材料 (API)": ("png", "attachment", "api"),
    "工作总结 PDF (API)": ("summary", "summary", "api"),
}


def mib(kib: int) -> float:
    return kib / 1024


def status_kib(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def setup(src: str, data_dir: Path) -> None:
    sys.path[:0] = [src, str(PROJECT_DIR)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhicheng.settings"
    os.environ["ZHICHENG_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    (data_dir / "static").mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def build(src: str, data_dir: Path) -> dict:
    """The template database: code tables, a unit with its HR, an applicant, an open campaign, a draft."""
    setup(src, data_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tests import factories as f
    from tests.conftest import build_world

    f.ensure_code_tables()
    w = build_world()
    return {"applicant": w.applicant.pk, "hr": w.hr.pk, "app": w.app.pk, "campaign": w.campaign.pk}


def make_files(src: str, data_dir: str, folder: str, kinds: list[str]) -> None:
    """The 10 MB upload of each kind, in `folder` under the kind's name (Django set up for the factories)."""
    setup(src, Path(data_dir))
    from tests.support import uploads as u

    for kind in kinds:
        u.make(kind, Path(folder) / kind, SIZE)


def child(args) -> None:
    data_dir = Path(args.data)
    setup(args.src, data_dir)
    from django.test import Client
    from tests.support import uploads as u

    from zhicheng.orgs.models import User

    ids = json.loads(args.ids)
    kind, where, via = KINDS[args.kind]
    if where == "policy":
        url = f"/campaigns/{ids['campaign']}/attach/" if via == "ui" else f"/api/v1/campaigns/{ids['campaign']}/attachments"
        user = ids["hr"]
    else:
        user = ids["applicant"]
        url = (f"/applications/{ids['app']}/s/{'summary' if where == 'summary' else 'attachments'}/upload/"
               if via == "ui" else
               f"/api/v1/applications/{ids['app']}/{'work-summary' if where == 'summary' else 'attachments'}")
    work = data_dir / "bench"
    work.mkdir()
    ext = "pdf" if kind == "summary" else kind
    src = Path(args.file)  # made by the parent: building a 10 MB PDF here would raise the peak before the floor
    body, ctype = u.multipart_body(work / "body.bin", src, filename=f"材料.{ext}")
    (work / "none.txt").write_bytes(b"")
    empty, empty_type = u.multipart_body(work / "empty.bin", work / "none.txt", field="description")

    client = Client()
    client.force_login(User.objects.get(pk=user))
    for _ in range(2):  # the floor: the same view without a file (it answers "please choose a file")
        r = u.post_streamed(client, url, empty, empty_type)
        assert r.status_code in (302, 422), r.status_code
    floor = status_kib("VmHWM")
    after_first = None
    for i in range(args.uploads):
        r = u.post_streamed(client, url, body, ctype)
        assert r.status_code in (201, 302), (r.status_code, r.content[:300])
        if i == 0:
            after_first = status_kib("VmRSS")
    peak = status_kib("VmHWM")
    temp_left = os.listdir(data_dir / "tmp")
    print(json.dumps({"floor": floor, "peak": peak, "rss_after_first": after_first,
                      "rss_after_last": status_kib("VmRSS"), "temp_left": len(temp_left)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--uploads", type=int, default=5, help="uploads per process (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per kind (default 3)")
    parser.add_argument("--only", help="only the kinds whose label contains this")
    parser.add_argument("--src", default=str(PROJECT_DIR / "src"), help="the zhicheng source to measure")
    parser.add_argument("--child", dest="kind", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--make-files", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:  # a helper process: the template database
        print(json.dumps(build(args.src, Path(args.data))))
        return
    if args.make_files:  # a helper process: the upload files (building a 10 MB PDF takes memory)
        make_files(args.src, args.data, args.make_files[0], args.make_files[1:])
        return
    if args.kind:
        child(args)
        return
    kinds = [k for k in KINDS if not args.only or args.only in k]
    with tempfile.TemporaryDirectory(prefix="zc-upload-bench-") as tmp:
        template = Path(tmp) / "template"
        ids = subprocess.run([sys.executable, __file__, "--src", args.src, "--data", str(template), "--build"],
                             check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        files = Path(tmp) / "uploads"
        files.mkdir()
        subprocess.run([sys.executable, __file__, "--src", args.src, "--data", str(template), "--make-files",
                        str(files), *sorted({KINDS[k][0] for k in kinds})], check=True)
        print(f"source: {args.src}; {args.uploads} uploads of {SIZE} bytes per process, {args.repeat} processes per kind")
        print(f"{'kind':<22} {'floor MiB':>10} {'added peak MiB (each run)':>30} {'median':>7} {'spread':>7} "
              f"{'RSS creep MiB':>14}")
        for label in kinds:
            added, creep = [], []
            for rep in range(args.repeat):
                run_dir = Path(tmp) / f"run-{rep}"
                shutil.copytree(template, run_dir, ignore=shutil.ignore_patterns("files", "bench"))
                out = subprocess.run([sys.executable, __file__, "--child", label, "--data", str(run_dir),
                                      "--ids", ids, "-n", str(args.uploads), "--src", args.src,
                                      "--file", str(files / KINDS[label][0])],
                                     check=True, capture_output=True, text=True)
                result = json.loads(out.stdout.strip().splitlines()[-1])
                assert result["temp_left"] == 0, result
                added.append(mib(result["peak"] - result["floor"]))
                creep.append(mib(result["rss_after_last"] - result["rss_after_first"]))
                floor = mib(result["floor"])
                shutil.rmtree(run_dir)
            each = " ".join(f"{a:5.1f}" for a in added)
            print(f"{label:<22} {floor:>10.1f} {each:>30} {statistics.median(added):>7.1f} "
                  f"{max(added) - min(added):>7.1f} {statistics.median(creep):>14.1f}")


if __name__ == "__main__":
    main()
