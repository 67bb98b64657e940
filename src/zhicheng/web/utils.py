from django.core.paginator import Paginator


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def paginate(request, queryset, per_page: int = 20):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
