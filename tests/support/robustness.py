"""The robustness harness: hostile values, one request in its own savepoint, and the checks every answer
must pass. Each stage's tests send their writes through it (`send`, `send_json`, or the loops `hostile_form`,
`hostile_api`, `hostile_bodies`) and collect what is wrong in a `Findings`, so one run reports every
problem of a case.

What the checks require of an answer:

* the status is never 500 (an exception in a view is reported with the line of our code it came from);
* a UI answer that refuses the input says so in Chinese (form errors, a message, or a Chinese 4xx page),
  and input that can never be valid (impossible dates, non-numbers, over-long text, NUL) is refused;
* a raw ``<script>alert(1)</script>`` never appears in an HTML response: it is escaped;
* an API refusal is the JSON problem document with a Chinese ``detail``;
* whatever was accepted fits the columns — no string longer than its ``max_length``, no NUL character
  in text or JSON — since PostgreSQL refuses such a row with a 500 where SQLite stores it.
"""

from __future__ import annotations

import contextlib
import json
import re
import traceback

from django import forms
from django.apps import apps as django_apps
from django.contrib import messages
from django.db import connection, models, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhicheng.files.models import StoredFile
from zhicheng.orgs.models import UserSession

API = "/api/v1"
SCRIPT = "<script>alert(1)</script>"
EMOJI = "👨‍👩‍👧‍👦🀄️𠀀"

# --------------------------------------------------------------------------- hostile values

HOSTILE = {
    "date-feb30": "2026-02-30",
    "abc": "abc",
    "date-1900": "1900-01-01",
    "date-9999": "9999-12-31",
    "minus-one": "-1",
    "1e309": "1e309",
    "huge-int": "99999999999999999999",
    "int32-overflow": "2147483648",
    "superscript-digit": "²",  # str.isdigit() is True, int() refuses it
    "empty": "",
    "blank": "   ",
    "long-10000": "长" * 10_000,
    "nul": "a\x00b",
    "control-char": "a\x01b",  # not allowed in an XLSX cell
    "script-emoji": SCRIPT + EMOJI,
}
# Per kind of form field, the values that mean something to it (a date field refuses "emoji" the same
# way it refuses "abc").
VALUES_FOR = {
    "text": ["long-10000", "nul", "control-char", "script-emoji"],
    "date": ["date-feb30", "abc", "date-1900", "date-9999", "huge-int", "empty"],
    "number": ["minus-one", "1e309", "huge-int", "int32-overflow", "superscript-digit", "empty"],
    "choice": ["abc", "minus-one", "huge-int", "superscript-digit"],
}
# JSON values of other types, for the API (the section endpoints turn scalars into strings).
JSON_HOSTILE = {
    "json-int-huge": 10**20,
    "json-int-negative": -1,
    "json-float-huge": 1e308,
    "json-true": True,
    "json-null": None,
    "json-list": [1, 2],
    "json-object": {"a": {"b": 1}},
}
# Whole request bodies of the wrong shape for a JSON endpoint.
BAD_BODIES = {
    "list": "[]",
    "list-of-objects": '[{"a": 1}]',
    "string": '"x"',
    "number": "1",
    "null": "null",
    "nested-objects": '{"a": ' * 50 + "1" + "}" * 50,
    "deeply-nested-arrays": "[" * 100_000 + "]" * 100_000,
    "invalid-json": '{"a": ',
    "empty": "",
    "not-utf8": b"\xff\xfe\xfa",
    "nul-key": '{"\\u0000": "x"}',
    "infinity": '{"year": Infinity, "title_id": NaN}',
}


def kind_of(field: forms.Field) -> str:
    if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
        return "choice"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.IntegerField):
        return "number"
    return "text"


# --------------------------------------------------------------------------- checks

CJK = re.compile(r"[\u3400-\u9fff]")
_UI_ERROR = re.compile(r'<ul class="errorlist"[^>]*>(.*?)</ul>|class="error">(.*?)</(?:span|p)>|'
                       r'class="msg-error">(.*?)</li>', re.S)
_H1 = re.compile(r"<h1>(.*?)</h1>", re.S)
_SRC = "/src/zhicheng/"


@contextlib.contextmanager
def isolated():
    """One request's writes, rolled back afterwards."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def send(client: Client, method: str, url: str, data=None, *, keep: bool = False, **kwargs):
    """One request, in its own savepoint unless `keep`; no message left over from an earlier request is
    shown. `r.integrity` lists what it stored that PostgreSQL would refuse (checked before the rollback)."""
    client.cookies.pop("messages", None)
    args = (url,) if data is None else (url, data)
    with contextlib.nullcontext() if keep else isolated(), CaptureQueriesContext(connection) as queries:
        r = getattr(client, method)(*args, **kwargs)
        r.integrity = integrity_problems(written_tables(queries.captured_queries))
    return r



def send_json(client: Client, method: str, url: str, body, **kwargs):
    """`send` with a JSON body (a str or bytes body is sent as it is: malformed on purpose)."""
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return send(client, method, url, data, content_type="application/json", **kwargs)


def logged_in(user) -> Client:
    """A client that reports a view's exception as a 500 answer (to be checked), signed in as `user`."""
    c = Client(raise_request_exception=False)
    c.force_login(user)
    c.get("/")  # the session's first write (last_seen) happens here, not in every test's savepoint
    return c


def describe(r) -> str:
    req = r.request
    text = f"{req['REQUEST_METHOD']} {req['PATH_INFO']}"
    if req.get("QUERY_STRING"):
        text += f"?{req['QUERY_STRING']}"
    return f"{text[:200]} → {r.status_code}"


def server_error(r) -> str | None:
    """For a 5xx answer: the exception and the line of our code it came through."""
    if r.status_code < 500:
        return None
    exc_info = getattr(r, "exc_info", None)
    if not exc_info:
        return describe(r)
    exc = exc_info[1]
    ours = [fr for fr in traceback.extract_tb(exc_info[2]) if _SRC in fr.filename]
    where = f"{ours[-1].filename.split(_SRC)[1]}:{ours[-1].lineno} `{ours[-1].line}`" if ours else "(no frame of ours)"
    message = str(exc)
    message = message if len(message) <= 160 else message[:160] + "…"
    return f"{describe(r)}: {type(exc).__module__}.{type(exc).__name__}: {message}\n      at {where}"


def body_text(r) -> str:
    return "" if getattr(r, "streaming", False) else r.content.decode(errors="replace")


def escaped(r) -> str | None:
    if r.get("Content-Type", "").startswith("text/html") and SCRIPT in body_text(r):
        return f"{describe(r)}: the raw {SCRIPT} is in the HTML"
    return None


def ui_outcome(r) -> str:
    """'refused' (a Chinese error is shown or queued), 'saved' (a success message), or 'unclear'."""
    if r.status_code in (301, 302):
        queued = list(messages.get_messages(r.wsgi_request))
        if any(msg.level == messages.ERROR and CJK.search(str(msg)) for msg in queued):
            return "refused"
        if any(msg.level == messages.SUCCESS for msg in queued):
            return "saved"
        return "unclear"
    html = body_text(r)
    if any(CJK.search(next(g for g in groups if g)) for groups in _UI_ERROR.findall(html)):
        return "refused"
    if 400 <= r.status_code < 500 and any(CJK.search(h) for h in _H1.findall(html)):
        return "refused"
    return "unclear"


def api_problem(r) -> str | None:
    """A 4xx answer must be the JSON problem document with a Chinese detail."""
    if not 400 <= r.status_code < 500:
        return None
    try:
        detail = r.json()["detail"]
    except (ValueError, KeyError, TypeError):
        return f"{describe(r)}: not a JSON problem document: {body_text(r)[:200]!r}"
    if not any(CJK.search(str(d)) for d in detail):
        return f"{describe(r)}: the detail is not in Chinese: {detail!r}"
    return None


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE)\s+"?(\w+)"?', re.I)


def written_tables(queries) -> set[str]:
    return {mt.group(1) for q in queries if (mt := _WRITE.match(q["sql"] or ""))} - {UserSession._meta.db_table}


def integrity_problems(tables: set[str] | None = None) -> list[str]:
    """Values SQLite stores but PostgreSQL refuses (a 500 there): too long for the column, or NUL; and
    uploaded file names that kept a path. `tables`: only these (default: every table of the project)."""
    problems = []
    for model in django_apps.get_models():
        if tables is not None and model._meta.db_table not in tables:
            continue
        if tables is None and not model.__module__.startswith("zhicheng."):
            continue
        for obj in model.objects.all():
            for field in obj._meta.concrete_fields:
                value = getattr(obj, field.attname)
                where = f"stored {obj._meta.label}.{field.name}"
                if isinstance(field, models.JSONField):
                    if "\\u0000" in json.dumps(value):
                        problems.append(f"{where}: NUL inside JSON (PostgreSQL jsonb refuses it)")
                elif isinstance(value, str):
                    if "\x00" in value:
                        problems.append(f"{where}: NUL character (PostgreSQL refuses it)")
                    if field.max_length and len(value) > field.max_length:
                        problems.append(f"{where}: {len(value)} characters in a max_length={field.max_length} "
                                        "column (PostgreSQL refuses it)")
            if isinstance(obj, StoredFile) and ("/" in obj.original_name or ".." in obj.original_name):
                problems.append(f"stored file name keeps a path: {obj.original_name!r}")
    return problems


class Findings:
    """Every problem of a test case, so that one run reports all of them."""

    def __init__(self):
        self.items: list[str] = []

    def _add(self, context: str, text: str):
        self.items.append(f"[{context}] {text}" if context else text)

    def _stored(self, r, context: str):
        for p in getattr(r, "integrity", []):
            self._add(context, f"{describe(r)}: {p}")

    def ui(self, r, *, must_refuse: bool = False, context: str = ""):
        if (err := server_error(r)) is not None:
            return self._add(context, err)
        if (err := escaped(r)) is not None:
            self._add(context, err)
        outcome = ui_outcome(r)
        if outcome == "unclear":
            self._add(context, f"{describe(r)}: neither a Chinese error nor a success message")
        elif outcome == "saved" and must_refuse:
            self._add(context, f"{describe(r)}: accepted a value that can never be valid")
        self._stored(r, context)

    def api(self, r, *, context: str = ""):
        if (err := server_error(r)) is not None:
            return self._add(context, err)
        if (err := api_problem(r)) is not None:
            self._add(context, err)
        self._stored(r, context)

    def page(self, r, *, context: str = ""):
        """Any page or download: no 500, no raw script."""
        if (err := server_error(r)) is not None:
            return self._add(context, err)
        if (err := escaped(r)) is not None:
            self._add(context, err)
        self._stored(r, context)

    def check(self):
        unique = list(dict.fromkeys(self.items))
        assert not unique, f"{len(unique)} problem(s):\n  " + "\n  ".join(unique)


# --------------------------------------------------------------------------- the loops over hostile values

def hostile_form(found: Findings, client: Client, url: str, valid: dict, fields, *, never) -> None:
    """Each HOSTILE value in each of `fields` of the form `valid`; refused if `never(field, hostile_id)`."""
    for field in fields:
        for hostile_id, value in HOSTILE.items():
            body = {**valid, field: [value] if isinstance(valid.get(field), list) else value}
            found.ui(send(client, "post", url, body), must_refuse=never(field, hostile_id),
                     context=f"{url} {field}={hostile_id}")


def hostile_api(found: Findings, client: Client, method: str, url: str, valid: dict) -> None:
    """Each HOSTILE and JSON_HOSTILE value in each field of the JSON body `valid`, then each of BAD_BODIES."""
    for field in valid:
        for hostile_id, value in {**HOSTILE, **JSON_HOSTILE}.items():
            body = {**valid, field: [value] if isinstance(valid[field], list) else value}
            found.api(send_json(client, method, url, body), context=f"{url} {field}={hostile_id}")
    hostile_bodies(found, client, method, url, f"{url} body=")


def hostile_bodies(found: Findings, client: Client, method: str, url: str, prefix: str) -> None:
    """Each of BAD_BODIES as the whole JSON body, in the context `prefix` followed by the body's name."""
    for name, body in BAD_BODIES.items():
        found.api(send_json(client, method, url, body), context=f"{prefix}{name}")
