"""Every refusal as one JSON problem document: `{"detail": [Chinese problems], "fields": {field: [messages]}}`.

Services raise `zhicheng.errors.Refusal` (or a subclass); its `.status` is the HTTP code (403/409/422), so
one handler serves them all. The others translate the framework's own errors into the same shape.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.http import Http404
from django.http.request import RawPostDataException
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from zhicheng.errors import Refusal
from zhicheng.files.services import oversized_message

TOO_MANY_FIELDS = "提交的字段过多，请检查请求内容。"


def too_big_message() -> str:
    from django.conf import settings

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return (f"请求内容过大：超过{limit // 1024} KB 的上限。"
            "上传文件请使用上传接口（multipart/form-data），单个文件的大小上限见业务参数。")

NOT_FOUND = "记录不存在或无权访问。"
NOT_JSON = "请求内容无法解析，须为 UTF-8 编码的 JSON。"


class NotFound(Http404):
    """A 404 that says what is missing (an unknown action), instead of the generic message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def install(api: NinjaAPI) -> None:
    def problem(request, status: int, problems: list[str], fields: dict | None = None):
        return api.create_response(request, {"detail": problems, "fields": fields or {}}, status=status)

    @api.exception_handler(Refusal)
    def refused(request, exc: Refusal):
        return problem(request, exc.status, exc.problems, exc.fields)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400:
            return problem(request, 400, [NOT_JSON])
        return problem(request, exc.status_code, [str(exc)])

    @api.exception_handler(RawPostDataException)
    def form_data_instead_of_json(request, exc: RawPostDataException):
        # A form-encoded body sent to a JSON endpoint: it was read as a form (web/guard.py) and cannot be
        # read again as JSON.
        return problem(request, 400, [NOT_JSON])

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc: RequestDataTooBig):
        # Mostly refused before it is read (middleware.ApiBodyGuard); this is a body without a length.
        return problem(request, 413, [too_big_message()])

    @api.exception_handler(TooManyFieldsSent)
    def too_many_fields(request, exc: TooManyFieldsSent):
        return problem(request, 400, [TOO_MANY_FIELDS])

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc: PermissionDenied):
        return problem(request, 403, [str(exc) or "无权访问。"])

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return problem(request, 404, [exc.message if isinstance(exc, NotFound) else NOT_FOUND])

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc: AuthenticationError):
        return problem(request, 401, ["请先登录，或提供有效的访问令牌。"])

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        if getattr(request, "oversized_uploads", None):  # set by the upload handler before the body is read
            return problem(request, 422, [oversized_message()], {"file": [oversized_message()]})
        fields: dict[str, list[str]] = {}
        for e in exc.errors:
            loc = ".".join(str(x) for x in e.get("loc", [])[1:]) or "body"
            fields.setdefault(loc, []).append("格式不正确或缺少必填项。")
        return problem(request, 422, ["请求数据格式不正确。"], fields)
