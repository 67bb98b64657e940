"""The back office's way in and out.

The back office has no login form of its own: staff sign in on the main login page, which accepts the
ID number or the user name, applies the same lockout and writes the same audit events (login,
login_failed). A second form would be a second set of rules to keep equal; the same holds for the
password change. Every logout — the main
page, the back office, the idle timeout — is an audit event (signal below).
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.signals import user_logged_out
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from zhicheng.audit.services import record
from zhicheng.http import client_ip


def login(request, extra_context=None):
    """/admin/login/: send staff to the main login, coming back to the back office page they asked for."""
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect("admin:index")
        raise PermissionDenied  # signed in without back-office rights: 403, not a redirect loop
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not target.startswith("/admin/"):
        target = reverse("admin:index")
    return redirect(f"{reverse('login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")


def password_change(request, extra_context=None):
    """/admin/password_change/: the main page, which applies the password rules and audits the change."""
    return redirect("password_change")


def record_logout(sender, request, user, **kwargs) -> None:
    """等保 安全审计: a logout is an event like a login (the path tells which page, or a timeout)."""
    if user is not None and getattr(user, "pk", None):
        record("logout", actor=user, ip=client_ip(request) if request else None,
               details={"path": request.path[:200] if request else ""})


def install() -> None:
    admin.site.login = login
    admin.site.password_change = password_change
    user_logged_out.connect(record_logout, dispatch_uid="zhicheng.backoffice.logout_audit")
