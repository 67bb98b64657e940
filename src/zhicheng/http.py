"""Small request helpers shared by the stage apps' views (no app of its own: nothing to install)."""

from django.core.paginator import Paginator


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def paginate(request, queryset, per_page: int = 20):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def int_param(value, default: int | None = None) -> int | None:
    """A positive integer from a query/form value, or `default` for anything else (no 500 on '²' or '-5')."""
    value = (value or "").strip() if isinstance(value, str) else value
    if isinstance(value, int):
        return value if 0 < value < 2**63 else default
    if value and value.isascii() and value.isdigit() and len(value) <= 18 and int(value) > 0:
        return int(value)
    return default
