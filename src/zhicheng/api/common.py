"""What every resource module shares: the problem schema, the page-only paginator helper, and fetching an
application within the user's scope (a refused look is itself audited)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404
from ninja import Schema

from zhicheng.dossier import models as m
from zhicheng.dossier import sections as sec
from zhicheng.dossier.permissions import can_view, page_application, record_refusal
from zhicheng.http import client_ip

# A scalar value as it appears in a record or a form (dates are ISO text).
Scalar = str | int | float | bool | None


class Problem(Schema):
    """A refusal: every reason at once, in Chinese, and the messages per input field."""

    detail: list[str]
    fields: dict[str, list[str]] = {}


# The refusals a write may answer with (403 may not, 404 not in scope, 409 changed meanwhile, 422 invalid).
WRITE_ERRORS = {403: Problem, 404: Problem, 422: Problem}


class Serialised:
    """A queryset seen through a serialiser, for the paginator: only the requested page is built."""

    def __init__(self, queryset, fn: Callable):
        self.queryset, self.fn = queryset, fn

    def __getitem__(self, index):
        if isinstance(index, slice) and (index.start or 0) >= 2**31:
            return []  # a page far beyond the data: empty, not a database overflow
        rows = self.queryset[index]
        return [self.fn(r) for r in rows] if isinstance(index, slice) else self.fn(rows)

    def __len__(self) -> int:
        return self.queryset.count()


def app_or_404(request, pk: int) -> m.Application:
    """The application if the user may see it; otherwise 404 (its existence is not revealed) and an
    audit event of the refused look."""
    if not 0 < pk < 2**63:  # an id from a request body beyond the column's range: not found (no overflow)
        raise Http404
    # The scope checks come with the row (one query), as on the web pages.
    app = page_application(request.auth, pk)
    if app is None:
        raise Http404
    if not can_view(request.auth, app):
        record_refusal(request.auth, app, client_ip(request), request.path)
        raise Http404
    return app


def section_or_404(key: str) -> sec.Section:
    try:
        return sec.get(key)
    except LookupError:
        raise Http404 from None
