"""Refuse control characters (NUL …) in any request, UI or API, and lone surrogates in any JSON body,
with a clear Chinese 400."""

import json

from django.http import JsonResponse
from django.shortcuts import render

from zhicheng.http import has_control_chars, has_lone_surrogate

MESSAGE = "提交的内容中含有不可见的控制字符（如从其他软件复制时带入），请删除后重试。"
SURROGATE_MESSAGE = "提交的内容中含有无效的字符编码（不成对的代理字符 \\ud800 等），请删除后重试。"


class ControlCharacterGuard:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self._problem(request)
        if problem:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": [problem], "fields": {}}, status=400)
            return render(request, "400.html", {"message": problem}, status=400)
        return self.get_response(request)

    @staticmethod
    def _problem(request) -> str | None:
        if has_control_chars(request.path) or any(
                has_control_chars(k) or any(has_control_chars(v) for v in vs) for k, vs in request.GET.lists()):
            return MESSAGE
        if request.method in ("POST", "PUT", "PATCH"):
            ctype = request.content_type or ""
            if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                bad = any(has_control_chars(k) or any(has_control_chars(v) for v in vs)
                          for k, vs in request.POST.lists())
                return MESSAGE if bad else None
            # Anything else is read as JSON by the API, whatever content type the client claims.
            try:
                data = json.loads(request.body or b"null")
            except (ValueError, UnicodeDecodeError, RecursionError):
                return None  # unparsable JSON gets the API's own 400
            if has_control_chars(data):
                return MESSAGE
            if has_lone_surrogate(data):
                return SURROGATE_MESSAGE
        return None
