"""Refuse control characters (NUL …) in any request, UI or API, with a clear Chinese 400."""

import json

from django.http import JsonResponse
from django.shortcuts import render

from zhicheng.http import has_control_chars

MESSAGE = "提交的内容中含有不可见的控制字符（如从其他软件复制时带入），请删除后重试。"


class ControlCharacterGuard:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._bad(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": [MESSAGE], "fields": {}}, status=400)
            return render(request, "400.html", {"message": MESSAGE}, status=400)
        return self.get_response(request)

    @staticmethod
    def _bad(request) -> bool:
        if has_control_chars(request.path) or any(
                has_control_chars(k) or any(has_control_chars(v) for v in vs) for k, vs in request.GET.lists()):
            return True
        if request.method in ("POST", "PUT", "PATCH"):
            ctype = request.content_type or ""
            if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                return any(has_control_chars(k) or any(has_control_chars(v) for v in vs)
                           for k, vs in request.POST.lists())
            # Anything else is read as JSON by the API, whatever content type the client claims.
            try:
                return has_control_chars(json.loads(request.body or b"null"))
            except (ValueError, UnicodeDecodeError, RecursionError):
                return False  # unparsable JSON gets the API's own 400
        return False
