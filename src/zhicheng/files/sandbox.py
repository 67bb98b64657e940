"""Run the PDF check (`pdfcheck.py`) in a child process with CPU-time, memory and page limits.

The request thread only waits on a pipe (the GIL is free), so the server keeps answering others while a
PDF is parsed; a crafted file costs at most `cpu_seconds` of one CPU and is then refused.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

CHECKER = Path(__file__).with_name("pdfcheck.py")


def wall_timeout(cpu_seconds: int) -> int:
    """A child that waits instead of computing is stopped too (a loaded machine gets some slack)."""
    return cpu_seconds * 3 + 5


def inspect_pdf(source: str | bytes, *, text: bool, cpu_seconds: int, memory_mb: int, max_pages: int) -> dict:
    """Check a PDF (a file path or its bytes) in a limited child process.

    Returns {"pages", "dangers", "chars"?} or {"error": "cpu" | "memory" | "pages" | "encrypted" |
    "text_encrypted" | "text_unreadable" | "damaged", ...}.
    """
    args = [sys.executable, "-I", str(CHECKER), str(cpu_seconds), str(memory_mb), str(max_pages),
            "1" if text else "0", source if isinstance(source, str) else "-"]
    stdin = source if isinstance(source, bytes) else b""
    try:  # the command is our interpreter and our script; the file goes by stdin or a server-made path
        done = subprocess.run(args, input=stdin, capture_output=True,  # noqa: S603
                              timeout=wall_timeout(cpu_seconds), check=False)
    except subprocess.TimeoutExpired:  # run() has killed the child
        return {"error": "cpu"}
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return {"error": "cpu"}
    try:
        result = json.loads(done.stdout)
    except ValueError:
        result = None
    if done.returncode != 0 or not isinstance(result, dict):
        # A parser that aborts (std::bad_alloc, a failed allocation in C) ran out of its memory limit.
        return {"error": "memory"}
    return result
