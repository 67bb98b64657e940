"""What the API accepts as a request body, checked before anything reads it (issue 6 §3).

* An operation that takes JSON accepts only ``application/json`` (415 otherwise; an empty body needs no
  type: an action without input); an upload operation accepts ``multipart/form-data``; an operation
  without a body (发布) ignores the type. Which operation takes what is read from the API's own OpenAPI
  schema, so a new operation cannot be forgotten here.
* A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused before it is read (413), as the same JSON problem
  document as every other API refusal, never Django's HTML 400 page. Uploaded files are limited by the
  upload handler (a parameter), not by this setting.

Placed before the control-character guard (web/guard.py), which reads every body.
"""

from __future__ import annotations

import re
from functools import cache

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse

from .errors import TOO_MANY_FIELDS, too_big_message

JSON_TYPE = "application/json"
MULTIPART_TYPE = "multipart/form-data"
NOT_JSON_TYPE = "请求内容须为 JSON，Content-Type 须为 application/json（上传文件的接口为 multipart/form-data）。"


def problem(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": [message], "fields": {}}, status=status,
                        json_dumps_params={"ensure_ascii": False})


@cache
def body_kinds() -> tuple[tuple[re.Pattern, str, frozenset[str]], ...]:
    """(path pattern, method, content types of its body) for every API operation."""
    from .api import api  # the routers, loaded once the apps are

    out = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$")
        for method, op in operations.items():
            out.append((pattern, method.upper(), frozenset(op.get("requestBody", {}).get("content", {}))))
    return tuple(out)


def accepted_types(path: str, method: str) -> frozenset[str]:
    """The body types the operation at ``path`` takes; empty when it takes none (or is unknown: 404)."""
    found: set[str] = set()
    for pattern, op_method, kinds in body_kinds():
        if op_method == method and pattern.match(path):
            found |= kinds
    return frozenset(found)


def _length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class ApiBodyGuard:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and request.method in ("POST", "PUT", "PATCH"):
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    @staticmethod
    def _refusal(request) -> JsonResponse | None:
        ctype = request.content_type or ""
        accepted = accepted_types(request.path, request.method)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and _length(request) > limit and not (ctype == MULTIPART_TYPE and MULTIPART_TYPE in accepted):
            return problem(413, too_big_message())
        if ctype == MULTIPART_TYPE and MULTIPART_TYPE in accepted:
            # Parsed here, not first in the guard, so that too much form data is refused as JSON too.
            try:
                request.POST  # noqa: B018
            except RequestDataTooBig:
                return problem(413, too_big_message())
            except TooManyFieldsSent:
                return problem(400, TOO_MANY_FIELDS)
            return None
        # JSON to an upload operation is read by the operation itself (401 before "the file is missing").
        if not accepted or ctype in accepted or ctype == JSON_TYPE or (JSON_TYPE in accepted and not _length(request)):
            return None
        return problem(415, NOT_JSON_TYPE)
