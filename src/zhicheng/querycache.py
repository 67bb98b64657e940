"""Statements composed and compiled once per thread, then run with new parameters.

The ORM composes and compiles a query's SQL on every call. For a page's main read — the application with
its five related rows and the user's scope checks as columns — that costs more CPU than the database spends
answering it. `fetch(key, build, *args)` calls `build` once per thread and key with placeholder values in
place of `args`, keeps the compiled statement, and on every call runs it with the real values and builds the
model instances as the ORM's own iterator does (the same rows, `select_related` objects and annotations), or
for a `values_list()` query its rows as tuples.

The key must name everything the statement's text depends on besides `args` (e.g. the user's role
assignments when the query carries their scope checks). Placeholders are ints and strings no real value takes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, get_related_populators

MAX_ENTRIES = 256
_INT_BASE = -(2**62)
_STR_MARK = "\x00zc-slot-{}\x00"
_local = threading.local()


class _Compiled:
    __slots__ = ("sql", "params", "slots", "db", "compiler", "converters", "model", "init_list", "start", "end",
                 "populators", "annotations", "fields", "width")

    def __init__(self, qs: QuerySet, placeholders: list):
        self.db = qs.db
        compiler = qs.query.get_compiler(using=self.db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        marks = {p: i for i, p in enumerate(placeholders)}
        self.slots = []
        for pos, value in enumerate(self.params):
            try:
                i = marks.get(value)
            except TypeError:  # an unhashable parameter (a list) is never a placeholder
                i = None
            if i is not None and type(value) is type(placeholders[i]):
                self.slots.append((pos, i))
        if sorted({i for _pos, i in self.slots}) != list(range(len(placeholders))):
            raise ValueError("querycache: a placeholder does not appear as a parameter of the statement")
        self.compiler = compiler
        select, klass_info = compiler.select, compiler.klass_info
        self.fields = [s[0] for s in select[0:compiler.col_count]]
        self.converters = compiler.get_converters(self.fields)
        if qs._iterable_class is not ModelIterable:  # values_list(): the rows themselves
            self.model, self.width = None, compiler.col_count
            return
        self.model = klass_info["model"]
        select_fields = klass_info["select_fields"]
        self.start, self.end = select_fields[0], select_fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start:self.end]]
        self.populators = get_related_populators(klass_info, select, self.db)
        self.annotations = compiler.annotation_col_map

    def run(self, args: tuple) -> list:
        params = list(self.params)
        for pos, i in self.slots:
            params[pos] = args[i]
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        if self.model is None:
            return [tuple(row[:self.width]) for row in rows]
        out = []
        for row in rows:
            obj = self.model.from_db(self.db, self.init_list, row[self.start:self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, pos in self.annotations.items():
                setattr(obj, name, row[pos])
            out.append(obj)
        return out


def _placeholder(i: int, value):
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"querycache: only int and str parameters can vary, not {type(value).__name__}")
    return _INT_BASE - i if isinstance(value, int) else _STR_MARK.format(i)


def fetch(key: tuple, build: Callable[..., QuerySet], *args) -> list:
    """The model instances `build(*args)` would return, from a statement compiled once per thread and key.
    For a `values_list()` queryset, its rows as tuples."""
    cache = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = OrderedDict()
    full_key = (key, tuple(type(a) for a in args))
    compiled = cache.get(full_key)
    if compiled is None:
        placeholders = [_placeholder(i, a) for i, a in enumerate(args)]
        compiled = _Compiled(build(*placeholders), placeholders)
        cache[full_key] = compiled
        if len(cache) > MAX_ENTRIES:
            cache.popitem(last=False)
    else:
        cache.move_to_end(full_key)
    return compiled.run(args)


def clear() -> None:
    """Forget this thread's statements (tests that change a model's table shape)."""
    _local.cache = OrderedDict()
