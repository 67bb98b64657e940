"""gunicorn settings for production; ./run starts gunicorn with `-c deploy/gunicorn.conf.py`.

Workers and threads follow the machine's cores (override with the environment):

    workers = ZHICHENG_WORKERS  or  2 × cores      (at least 2)
    threads = ZHICHENG_THREADS  or  2

A page is mostly Python (templates, forms, the ORM), so its CPU time is bound by one process's GIL:
parallelism comes from processes, two per core so that one worker's database and network waits are
covered by another. Two threads per worker overlap a request's waits with another request's Python
without making the GIL a queue. On 2 cores that is 4 workers × 2 threads (the previous fixed setup was
2 × 4: the same 8 requests at once, but only 2 GILs). Each worker also keeps its own PostgreSQL pool of
`threads` connections (settings reads ZHICHENG_THREADS), so the database sees workers × threads.

`reuse_port`: every worker opens its own listening socket with SO_REUSEPORT, and the kernel hashes each new
connection to one of them. Without it the workers share one socket, and the worker that wakes first takes
the burst of connections; with keep-alive those stay with it, so at 128 users most of them queue behind one
worker while the other idles (p95 several times p50). Behind nginx (deploy/nginx.conf) the upstream
keep-alive connections are spread the same way.

See docs/DEPLOY.md.
"""

import os


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def sizing(ncores: int, env) -> tuple[int, int]:
    """(workers, threads) for `ncores` cores; ZHICHENG_WORKERS / ZHICHENG_THREADS in `env` win."""
    workers = int(env.get("ZHICHENG_WORKERS") or max(2, 2 * ncores))
    threads = int(env.get("ZHICHENG_THREADS") or 2)
    if workers < 1 or threads < 1:
        raise ValueError("ZHICHENG_WORKERS and ZHICHENG_THREADS must be at least 1")
    return workers, threads


workers, threads = sizing(cores(), os.environ)
worker_class = "gthread"
# Settings size each worker's database pool from this (the workers inherit the master's environment).
os.environ["ZHICHENG_THREADS"] = str(threads)

bind = [os.environ.get("ZHICHENG_BIND", "127.0.0.1:8000")]  # ./run passes --bind, which wins
reuse_port = True
# Short keep-alive: an idle client holds a worker's connection slot 5 s at most. Behind nginx the upstream
# keep-alive connections are reused continuously and this timeout rarely fires.
keepalive = int(os.environ.get("ZHICHENG_KEEPALIVE", "5"))
timeout = 120  # PDF generation of a large dossier can take a while
graceful_timeout = 30
accesslog = os.environ.get("ZHICHENG_ACCESS_LOG", "-") or None
