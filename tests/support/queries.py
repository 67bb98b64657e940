"""Counting the SQL a request sends (issue 7): the budgets and the "does not grow with the data" guards."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def is_savepoint(sql: str) -> bool:
    """SAVEPOINT / RELEASE / ROLLBACK TO statements: the test's own transaction turns every atomic block
    into a savepoint (in production the outermost is a plain BEGIN, which is not logged)."""
    return sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))


def captured(client, method: str, url: str, *, status=200, **kwargs) -> list[str]:
    """The SQL of one request, in order; the response must have the expected status."""
    with CaptureQueriesContext(connection) as ctx:
        r = getattr(client, method)(url, **kwargs)
    expected = status if isinstance(status, tuple | list | set) else (status,)
    assert r.status_code in expected, (url, r.status_code)
    return [q["sql"] for q in ctx.captured_queries]


def count_queries(client, url: str, *, status=200) -> int:
    """Statements one GET sends (every one, savepoints included)."""
    return len(captured(client, "get", url, status=status))


def count_data_queries(client, method: str, url: str, *, status=200, **kwargs) -> int:
    """Statements one request sends that read or write data (savepoint statements left out)."""
    return sum(1 for sql in captured(client, method, url, status=status, **kwargs) if not is_savepoint(sql))


def page_counts(client, pages, user_of, values: dict) -> dict:
    """{(who, url): statements} for every (who, url) of `pages`, each logged in as `user_of(who)` (None: logged
    out) and counted on its second request (the first fills the session stamp and the parameter and code caches);
    `values` fill the url's placeholders. Every page must answer 200."""
    out = {}
    for who, url in pages:
        user = user_of(who)
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        count_queries(client, url.format(**values))
        out[(who, url)] = count_queries(client, url.format(**values))
    return out
