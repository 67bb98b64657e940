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


class IdsFirst:
    """A long ordered list paged in two steps: the page's ids through the ordering index (an index-only scan,
    cheap even at a deep OFFSET), then only those rows with `rows` (narrow columns, joins) — so the last page
    of 50,000 costs about what the first does, instead of walking OFFSET wide joined rows."""

    def __init__(self, ordered, rows, fn=None):
        self.queryset, self.rows, self.fn = ordered, rows, fn
        self.ordered = ordered.ordered  # read by Paginator's unordered-list warning

    def count(self) -> int:
        if getattr(self, "_count", None) is None:
            self._count = self.queryset.count()
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
        if stop is not None and start > total // 2:
            # the back half is read from the other end: the last page skips as few entries as the first
            back = self.queryset.reverse().values_list("pk", flat=True)[max(total - stop, 0):total - start]
            ids = list(back)[::-1]
        else:
            ids = list(self.queryset.values_list("pk", flat=True)[index])
        found = {r.pk: r for r in self.rows.filter(pk__in=ids)} if ids else {}
        page = [found[i] for i in ids if i in found]  # the ids' order is the list's order
        return [self.fn(r) for r in page] if self.fn else page


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
