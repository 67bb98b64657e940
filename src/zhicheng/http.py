"""Small request helpers shared by the stage apps' views (no app of its own: nothing to install)."""

import functools
import ipaddress
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    try:
        return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip())
    except ValueError as e:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {e}") from None


def _address(value: str | None):
    """An IP address from a header hop or REMOTE_ADDR (IPv4, IPv6, IPv4-mapped IPv6), or None for anything else."""
    try:
        ip = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    return getattr(ip, "ipv4_mapped", None) or ip


def client_ip(request) -> str | None:
    """The address of the user's machine, for the audit trail and the lockout's records.

    REMOTE_ADDR is the direct peer. Behind a reverse proxy (deploy/nginx.conf) that is the proxy itself, so when
    the peer is one of TRUSTED_PROXIES (addresses or networks, ZHICHENG_TRUSTED_PROXIES; none by default) the
    client is the right-most hop of X-Forwarded-For that is not a trusted proxy: each trusted proxy appends the
    peer it saw, and whatever lies further left was written by the client and may be forged. An untrusted peer's
    X-Forwarded-For is ignored; a malformed hop ends the walk at the last address a trusted proxy vouched for."""
    remote = request.META.get("REMOTE_ADDR")
    trusted = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    peer = _address(remote)
    if not trusted or peer is None or not any(peer in net for net in trusted if peer.version == net.version):
        return remote
    found = str(peer)
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        ip = _address(hop)
        if ip is None:
            break
        found = str(ip)
        if not any(ip in net for net in trusted if ip.version == net.version):
            break
    return found


def paginate(request, queryset, per_page: int = 20):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def paged(request, name: str, ordered, rows=None, per_page: int = 20):
    """One of several paged lists on one page: its page number in `?<name>=`, the others' kept in its links
    (page.first_url, prev_url, next_url, last_url); ids first through `ordered`, then `rows` (default: the
    same queryset)."""
    page = Paginator(IdsFirst(ordered, ordered if rows is None else rows), per_page).get_page(request.GET.get(name))

    def url(n: int) -> str:
        query = request.GET.copy()
        query[name] = str(n)
        return "?" + query.urlencode()

    page.first_url, page.last_url = url(1), url(page.paginator.num_pages)
    page.prev_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    return page


class IdsFirst:
    """A long ordered list paged in two steps: the page's ids through the ordering index (an index-only scan),
    then only those rows with `rows` (narrow columns, joins).

    Reaching the ids: a page within SEEK_FROM rows of either end is read exactly from that end (OFFSET over the
    index; the back half reversed), so the first and last pages cost the same. A page deeper than that seeks
    (keyset) from a bookmark: the sort key of every SEEK_FROM-th row, read in one pass and kept in the cache for
    BOOKMARK_SECONDS per list (its SQL); the page then skips fewer than SEEK_FROM index entries instead of half
    the list. Rows that moved since the bookmarks were read shift a deep page by as many rows, as if it had
    been loaded that long ago; the first and last SEEK_FROM rows and the count are always exact. Bookmarks need
    an ordering by plain fields in one direction that ends with the primary key (ties); other orderings and
    lists shorter than 2 × SEEK_FROM page by OFFSET as before."""

    SEEK_FROM = 1000
    BOOKMARK_SECONDS = 60

    def __init__(self, ordered, rows, fn=None, *, statement=None):
        """`statement` = (key, build, args) instead of `ordered`: the list is `build(*args)`, and its count, its
        pages from either end and their rows are statements composed once per thread (`querycache`; `key`
        names everything `build` depends on besides `args`, which are ints and strings). The list's queryset
        is then built only for a page deep enough to seek from a bookmark."""
        self._queryset, self.rows, self.fn, self.statement = ordered, rows, fn, statement
        self.ordered = True if ordered is None else ordered.ordered  # read by Paginator's unordered-list warning

    @property
    def queryset(self):
        if self._queryset is None:
            _key, build, args = self.statement
            self._queryset = build(*args)
        return self._queryset

    def _cached(self, name: tuple, shape):
        """Rows of `shape(the list)` through querycache (statement mode)."""
        from zhicheng import querycache

        key, build, args = self.statement
        return querycache.fetch((key, *name), lambda *a: shape(build(*a)), *args)

    def count(self) -> int:
        if getattr(self, "_count", None) is None:
            if self.statement is None:
                self._count = self.queryset.count()
            else:  # COUNT(*) over the list's joins and filters, as QuerySet.count() sends it
                from django.db.models.expressions import RawSQL

                self._count = self._cached(("count",), lambda qs: qs.order_by().values_list(RawSQL("COUNT(*)", ())))[0][0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        if (index.start or 0) >= 2**31:
            return []  # a page far beyond the data: empty, not a database overflow
        start, stop = index.start or 0, index.stop
        total = self.count() if stop is not None else 0
        if stop is not None and start >= total:
            return []
        ids = self._seek(start, stop, total) if stop is not None else None
        if ids is not None:
            pass
        elif stop is not None and start > total // 2:
            # the back half is read from the other end: the last page skips as few entries as the first
            lo, hi = max(total - stop, 0), total - start
            if self.statement is None:
                ids = list(self.queryset.reverse().values_list("pk", flat=True)[lo:hi])[::-1]
            else:
                ids = [r[0] for r in self._cached(("back", lo, hi), lambda qs: qs.reverse().values_list("pk")[lo:hi])][::-1]
        elif self.statement is None or stop is None:
            ids = list(self.queryset.values_list("pk", flat=True)[index])
        else:
            ids = [r[0] for r in self._cached(("ids", start, stop), lambda qs: qs.values_list("pk")[start:stop])]
        if ids and self.statement is not None:
            from zhicheng import querycache

            rows = querycache.fetch((self.statement[0], "rows", len(ids)), lambda *p: self.rows.filter(pk__in=p), *ids)
            found = {r.pk: r for r in rows}
        else:
            found = {r.pk: r for r in self.rows.filter(pk__in=ids)} if ids else {}
        page = [found[i] for i in ids if i in found]  # the ids' order is the list's order
        return [self.fn(r) for r in page] if self.fn else page

    # ------------------------------------------------------------------ keyset from bookmarks

    def _keys(self) -> list[tuple[str, bool]] | None:
        """[(field, descending)] of the ordering when bookmarks can serve it, else None."""
        model = self.queryset.model
        keys = []
        for item in self.queryset.query.order_by or model._meta.ordering or ():
            if not isinstance(item, str) or item in ("?", "-?") or "__" in item:
                return None
            name = item.lstrip("-")
            if name == "pk":
                name = model._meta.pk.name
            try:
                field = model._meta.get_field(name)
            except Exception:  # noqa: BLE001 - an annotation or alias: no bookmarks
                return None
            if getattr(field, "null", True) or not getattr(field, "concrete", False):
                return None
            keys.append((field.attname, item.startswith("-")))
        if not keys or keys[-1][0] != model._meta.pk.attname or len({d for _, d in keys}) != 1:
            return None
        return keys

    def _seek(self, start: int, stop: int, total: int) -> list | None:
        """The ids of [start, stop) through the nearest bookmark, or None to page from an end by OFFSET."""
        step = self.SEEK_FROM
        if step <= 0 or start < step or total - stop < step:
            return None
        keys = self._keys()
        if keys is None:
            return None
        marks = self._bookmarks(keys, total)
        if not marks:
            return None
        j = min(start // step, len(marks))  # marks[j - 1] is the key of the row at position j × step − 1
        qs = self.queryset.filter(self._after(keys, marks[j - 1]))
        return list(qs.values_list("pk", flat=True)[start - j * step:stop - j * step])

    def _bookmarks(self, keys, total: int) -> list[tuple]:
        import hashlib

        from django.core.cache import cache
        from django.db.models import F, Window
        from django.db.models.functions import RowNumber

        sql, params = self.queryset.values_list("pk").query.sql_with_params()
        key = "idsfirst:" + hashlib.sha256(f"{self.SEEK_FROM}|{sql}|{params!r}".encode()).hexdigest()
        marks = cache.get(key)
        if marks is None:
            order = [F(name).desc() if desc else F(name).asc() for name, desc in keys]
            numbered = self.queryset.order_by().annotate(_row=Window(RowNumber(), order_by=order))
            wanted = range(self.SEEK_FROM, total + 1, self.SEEK_FROM)
            rows = numbered.filter(_row__in=list(wanted)).values_list("_row", *[n for n, _ in keys])
            marks = [tuple(r[1:]) for r in sorted(rows)]
            cache.set(key, marks, self.BOOKMARK_SECONDS)
        return marks

    @staticmethod
    def _after(keys, values):
        """Rows after `values` in the ordering (keyset): for (a, b) descending, a < x or (a = x and b < y), with
        a <= x besides, so that the database starts the index scan at the bookmark."""
        from django.db.models import Q

        first, desc = keys[0]
        strictly, bound = ("lt", "lte") if desc else ("gt", "gte")
        cond, equal = Q(), Q()
        for (name, _), value in zip(keys, values, strict=True):
            cond |= equal & Q(**{f"{name}__{strictly}": value})
            equal &= Q(**{name: value})
        return Q(**{f"{first}__{bound}": values[0]}) & cond


def int_param(value, default: int | None = None) -> int | None:
    """A positive integer from a query/form value, or `default` for anything else (no 500 on '²' or '-5')."""
    value = (value or "").strip() if isinstance(value, str) else value
    if isinstance(value, int):
        return value if 0 < value < 2**63 else default
    if value and value.isascii() and value.isdigit() and len(value) <= 18 and int(value) > 0:
        return int(value)
    return default


class IdConverter:
    """`<id:pk>` in URLs: a database id of at most 18 digits (a longer number is simply not found)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_chars(value) -> bool:
    """NUL and other control characters: no form field needs them, PostgreSQL refuses NUL, Excel refuses all."""
    if isinstance(value, str):
        return bool(_CONTROL.search(value))
    if isinstance(value, dict):
        return any(has_control_chars(k) or has_control_chars(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_control_chars(v) for v in value)
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(value) -> bool:
    """A UTF-16 surrogate left alone by a JSON `\\ud800` escape: it cannot be encoded as UTF-8, so a stored
    one breaks every page that shows it (a valid pair is decoded into one character and never matches)."""
    if isinstance(value, str):
        return bool(_SURROGATE.search(value))
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_lone_surrogate(v) for v in value)
    return False
