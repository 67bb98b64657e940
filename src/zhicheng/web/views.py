import logging
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_POST

from zhicheng.audit.services import record
from zhicheng.campaigns.services import visible_campaigns
from zhicheng.dossier.models import Application
from zhicheng.dossier.permissions import visible_applications
from zhicheng.dossier.timeline import acted_on, done_rows
from zhicheng.http import client_ip, paged
from zhicheng.orgs.hashers import LoginBusy
from zhicheng.orgs.roles import ADMIN_ROLES, Role
from zhicheng.orgs.scope import assignments
from zhicheng.workflow.states import State
from zhicheng.workflow.todo import open_tasks, todo_states

from .middleware import seconds_left, session_timed_out

HOME_CAMPAIGNS = 10  # the home page lists the newest few; 年度申报 lists them all

logger = logging.getLogger("zhicheng.login")


def database_problem(conn=None) -> str | None:
    """Why the database cannot serve pages, in Chinese, or None when it can.

    A missing SQLite file is reported before connecting: SQLite would silently create an empty one,
    and `SELECT 1` on it succeeds while every page fails. A real table is then read, so an empty or
    unmigrated database is caught too.
    """
    conn = conn or connection
    name = conn.settings_dict.get("NAME")
    if conn.vendor == "sqlite" and not conn.is_in_memory_db() and not Path(str(name)).is_file():
        return "数据库文件不存在"
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM orgs_usersession LIMIT 1")  # the sessions' table, always migrated
            cursor.fetchall()
    except Exception:
        return "数据库无法访问或尚未初始化"
    return None


_FAVICON = Path(__file__).resolve().parent / "static" / "web" / "favicon.ico"


@require_GET
def favicon(request):
    """/favicon.ico, which browsers ask for on their own; cached for a day like any static file."""
    response = HttpResponse(_FAVICON.read_bytes(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=86400)
    return response


@require_GET
def healthz(request):
    problem = database_problem()
    if problem:
        return JsonResponse({"status": "error", "database": "unreachable", "detail": problem}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class LoginForm(AuthenticationForm):
    username = forms.CharField(label="身份证号或用户名", max_length=50,
                               error_messages={"required": "请输入身份证号或用户名。",
                                               "max_length": "身份证号或用户名不超过50个字符。"},
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label="密码", strip=False, error_messages={"required": "请输入密码。"},
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": "身份证号/用户名或密码错误。连续5次错误将锁定30分钟。忘记密码的，请联系本单位人事重置。",
        "inactive": "该账号已停用，请联系管理员。",
    }


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except LoginBusy as busy:
            return self.busy(busy)

    def busy(self, busy: LoginBusy):
        """No password-check slot came free in time (orgs.hashers.login_slot): 503 with Retry-After and the
        form again with what the user typed except the password. Not a failed login: the password was never
        checked, so the lockout does not count it; the audit trail keeps it as its own event."""
        request = self.request
        wait = settings.LOGIN_RETRY_AFTER
        record("login_busy", actor=busy.account, ip=client_ip(request), success=False,
               details={"known_account": busy.account is not None})
        logger.warning("login turned away: no password-check slot within %ss (retry after %ss)",
                       settings.LOGIN_SLOT_WAIT, wait)
        form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")[:50]})
        response = self.render_to_response(self.get_context_data(form=form, busy=True, retry_after=wait),
                                           status=503)
        response["Retry-After"] = str(wait)
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        record("login", actor=self.request.user, ip=client_ip(self.request))
        return response

    def form_invalid(self, form):
        from zhicheng.orgs.backends import resolve_account

        account = resolve_account(form.data.get("username", ""))
        record("login_failed", actor=account, ip=client_ip(self.request), success=False,
               details={"known_account": account is not None})
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["timeout"] = self.request.GET.get("timeout")
        return ctx


class ZhPasswordChangeForm(PasswordChangeForm):
    error_messages = {
        "password_mismatch": "两次输入的新密码不一致。",
        "password_incorrect": "原密码不正确，请重新输入。",
    }


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "web/password_change.html"
    form_class = ZhPasswordChangeForm
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save(update_fields=["must_change_password", "password_changed_at"])
        record("password_change", actor=user, ip=client_ip(self.request))
        messages.success(self.request, "密码已修改。")
        return response


@login_required
def home(request):
    """Each role's 待办 and counts; a fixed number of queries whatever the data size."""
    user = request.user
    roles = {a.role for a in assignments(user)}
    ctx: dict = {"assignments": assignments(user), "roles": roles, "panels": []}
    if Role.APPLICANT in roles:
        mine = list(Application.objects.filter(applicant=user).select_related("title", "campaign"))
        ctx["my_applications"] = mine
        ctx["open_campaigns"] = list(
            visible_campaigns(user).filter(status="open", unit__role_assignments__user=user,
                                           unit__role_assignments__role=Role.APPLICANT)
            .prefetch_related("stages").distinct()
        )
        started = {a.campaign_id for a in mine}
        for c in ctx["open_campaigns"]:
            c.already_applied = c.pk in started
        waiting = {td.state for td in todo_states({Role.APPLICANT})}
        ctx["applicant_todo"] = [a for a in mine if a.state in waiting]
    ordered = open_tasks(user).order_by("due_on", "created_at", "id")
    ctx["tasks"] = paged(request, "tasks_page", ordered)
    # 已办: the applications this user took a step on, from the audit trail, newest first.
    if roles - ADMIN_ROLES:
        done_page = Paginator(acted_on(user), 10).get_page(request.GET.get("done_page"))
        ctx["done_page"] = done_page
        ctx["done"] = done_rows(user, list(done_page), visible_applications(user))
    staff_roles = roles - {Role.APPLICANT} - ADMIN_ROLES
    if staff_roles:
        qs = visible_applications(user).exclude(applicant=user)
        counts = {row["state"]: row["n"] for row in qs.order_by().values("state").annotate(n=Count("pk", distinct=True))}
        ctx["state_counts"] = [(State(s).label, s, n) for s, n in sorted(counts.items())]
        # 待办 from the one map: the states from which a built step of one of the user's roles starts.
        ctx["staff_todo"] = [(Role(td.role).label, td.state_label, td.state, counts.get(td.state, 0),
                              "、".join(td.actions)) for td in todo_states(staff_roles)]
        # the newest few, with the number of all and a link to the full list (年度申报)
        campaigns = visible_campaigns(user)
        ctx["campaigns"] = list(campaigns.annotate(n=Count("applications"))[:HOME_CAMPAIGNS])
        ctx["campaigns_total"] = campaigns.count() if len(ctx["campaigns"]) == HOME_CAMPAIGNS else len(ctx["campaigns"])
    from zhicheng.office_review.reminders import home_countdowns  # §三 deadlines (a later stage's app)

    ctx["countdowns"] = home_countdowns(user, roles, timezone.localdate(), counts if staff_roles else None)
    if Role.OFFICE_REVIEWER in roles:  # §三: items past the office's 报送 deadline, shown in red
        from zhicheng.office_review.transfer import overdue

        ctx["handin_overdue"] = overdue(user)
    return render(request, "web/home.html", ctx)


@require_POST
def session_extend(request):
    """“继续使用” on the idle-timeout warning: the click is activity, so the idle clock restarts (the
    absolute timeout does not move). JSON either way; an ended session is a 401, never a redirect."""
    if not request.user.is_authenticated:
        return session_timed_out()
    now = int(time.time())
    request.session["last_seen"] = now
    return JsonResponse({"ok": True, "seconds_left": seconds_left(request.session, now)})


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def not_found(request, exception=None):
    """404: a JSON problem document under /api/, the Chinese page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": ["记录不存在或无权访问。"], "fields": {}}, status=404)
    return render(request, "404.html", status=404)
