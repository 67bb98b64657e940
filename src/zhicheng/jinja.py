"""Jinja2 for the pages users open most (the dossier overview, its section pages, the applications list).

Django's template engine spends most of a rich page's time resolving variables and running tags one node at a
time; Jinja2 compiles a template to Python once, so the same markup renders several times faster. Only the
content is Jinja2. The layout around every page, of either engine, is one Jinja2 template (web/layout.html):
`render_page` renders a Jinja2 page's content and then the layout; web/base.html, which Django's templates extend,
renders its blocks and hands them to the same layout through the `{% layout %}` tag (web/templatetags/zc.py). The globals and filters here are the Jinja2 faces of
the `zc` template library (same functions underneath); an app adds its own with `register_filters` in its
`ready()`, as `dossier` does for its section rows.
"""

from __future__ import annotations

import functools
import secrets
from types import SimpleNamespace

from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms.renderers import Jinja2 as DjangoJinja2Renderer
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.template import defaultfilters, engines
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from jinja2 import ChainableUndefined, Environment
from markupsafe import Markup, escape

from zhicheng.codes.models import get_param, param_mb
from zhicheng.messaging.context_processors import unread
from zhicheng.orgs.validators import mask_id_number
from zhicheng.workdays.formats import cn_local_date, cn_time, local

_APP_FILTERS: dict = {}


def register_filters(**filters) -> None:
    """Filters an app's Jinja2 templates use (called from AppConfig.ready, before the first page renders)."""
    _APP_FILTERS.update(filters)


@functools.lru_cache(maxsize=256)
def _static(path: str) -> str:
    """A static file's URL: fixed for the life of the process (the manifest is read once at start)."""
    return static(path)


@receiver(setting_changed)
def _forget_static(setting, **kwargs) -> None:
    if setting in ("STATIC_URL", "STORAGES", "STATIC_ROOT", "FORCE_SCRIPT_NAME"):
        _static.cache_clear()
        _chrome.cache_clear()
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME", "INSTALLED_APPS"):
        _reverse.cache_clear()
        _chrome.cache_clear()


@functools.lru_cache(maxsize=4096)
def _reverse(prefix: str, urlconf, name: str, args: tuple) -> str:
    return reverse(name, args=args, urlconf=urlconf)


def url(name: str, *args) -> str:
    """`reverse`, remembered per process: a page's dozen links cost a tenth of its CPU when resolved anew.
    The address depends only on the name, the arguments, the URL configuration and the script prefix."""
    try:
        return _reverse(get_script_prefix(), get_urlconf(), name, args)
    except TypeError:  # an argument that cannot be a key (never in our templates): resolve it each time
        return reverse(name, args=args)


def url_or_empty(name: str, *args) -> str:
    """Like `{% url … as x %}`: empty when the page's app is not installed."""
    try:
        return url(name, *args)
    except NoReverseMatch:
        return ""


# The layout's fixed links and assets, resolved once per process (and script prefix): the layout is on every page.
_CHROME_LINKS = ("notice_list", "campaign_list", "application_list", "message_inbox", "password_change", "logout",
                 "session_extend", "login")
_CHROME_ASSETS = {"favicon": "web/favicon.ico", "site_css": "web/site.css", "htmx_js": "django_htmx/htmx-2.min.js",
                  "site_js": "web/site.js", "ui_js": "web/ui.js", "upload_js": "web/upload.js",
                  "session_js": "web/session.js"}


@functools.lru_cache(maxsize=16)
def _chrome(prefix: str, urlconf) -> SimpleNamespace:
    return SimpleNamespace(**{n: _reverse(prefix, urlconf, n, ()) for n in _CHROME_LINKS},
                           **{k: _static(v) for k, v in _CHROME_ASSETS.items()})


def _page_urls() -> dict:
    """`url` and `url_or_empty` for one render, and the layout's links and assets (`chrome`): the script prefix
    and the URL configuration are read once per page instead of at each of its links (each read goes through a
    context-local lookup)."""
    prefix, urlconf = get_script_prefix(), get_urlconf()

    def page_url(name: str, *args) -> str:
        try:
            return _reverse(prefix, urlconf, name, args)
        except TypeError:
            return reverse(name, args=args, urlconf=urlconf)

    def page_url_or_empty(name: str, *args) -> str:
        try:
            return page_url(name, *args)
        except NoReverseMatch:
            return ""

    return {"url": page_url, "url_or_empty": page_url_or_empty, "chrome": _chrome(prefix, urlconf)}


def date(value, fmt: str) -> str:
    """Django's `date` filter: an aware time in the local time zone first, as Django's engine does."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = local(value)
    return dateformat.format(value, fmt)


def environment(**options) -> Environment:
    # Undefined attributes render empty and chain (`item.needs_review` when there is no item), as in Django's engine.
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)  # Django passes True; said here so it can never be lost
    env = Environment(autoescape=True, **options)
    env.globals.update(url=url, url_or_empty=url_or_empty, static=_static, param=get_param, param_mb=param_mb)
    env.filters.update(
        cndate=cn_local_date, cntime=cn_time, date=date,
        get_item=lambda mapping, key: mapping.get(key) if mapping else None,
        mask_id=lambda value: mask_id_number(value or ""),
        linebreaksbr=lambda value: defaultfilters.linebreaksbr(value, autoescape=True),
        **_APP_FILTERS,
    )
    return env


def render_layout(request, *, content, title="职称申报评审系统", head="", user=None, messages=(),
                  unread_messages=0, csrf_token="", urls=None) -> str:
    """The page around `content` (web/jinja2/web/layout.html): the one layout of both engines."""
    csrf = "" if csrf_token in ("", "NOTPROVIDED") else str(csrf_token)
    return engines["jinja2"].env.get_template("web/layout.html").render({
        **(urls or _page_urls()), "request": request, "user": user, "title": title, "head": head, "content": content,
        "messages": messages, "unread_messages": unread_messages, "csrf_token": csrf})


_CSRF_N = len(CSRF_ALLOWED_CHARS)
_CSRF_INDEX = {c: i for i, c in enumerate(CSRF_ALLOWED_CHARS)}
_CSRF_BYTE_LIMIT = 256 - 256 % _CSRF_N  # bytes below it map uniformly onto the alphabet


def csrf_token(request) -> str:
    """Django's `get_token`: the request's secret under a fresh random mask (what CsrfViewMiddleware unmasks),
    the mask drawn from one read of the OS's randomness; Django's draws each of the 32 characters with a read
    of its own, a tenth of a millisecond on every page. Without a secret yet, Django's own (which also sets the
    cookie). Unlike `get_token`, a cookie the browser already sent is not sent back again to renew its expiry:
    every login rotates it (a fresh cookie, valid CSRF_COOKIE_AGE, a year), and a session lasts at most
    SESSION_COOKIE_AGE, so it never expires in use; Django's renewal was a Set-Cookie header on every page."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:  # (CsrfViewMiddleware puts only a well-formed secret there)
        return get_token(request)
    mask: list[int] = []
    while len(mask) < CSRF_SECRET_LENGTH:
        mask += [b % _CSRF_N for b in secrets.token_bytes(CSRF_SECRET_LENGTH + 8) if b < _CSRF_BYTE_LIMIT]
    mask = mask[:CSRF_SECRET_LENGTH]
    chars = CSRF_ALLOWED_CHARS
    return "".join(chars[m] for m in mask) + "".join(chars[(_CSRF_INDEX[c] + m) % _CSRF_N]
                                                      for c, m in zip(secret, mask, strict=True))


def render_page(request, template_name: str, context: dict, status: int = 200) -> HttpResponse:
    """A Jinja2 page: its content, then the layout, with what the context processors give Django's pages."""
    # One masked CSRF token for every form of the page, as in Django's engine (Django's Jinja2 wrapper masks it
    # anew at each `csrf_input`, a dozen times on a section page): hence the raw Jinja2 template.
    token = csrf_token(request)
    env = engines["jinja2"].env
    urls = _page_urls()
    content = env.get_template(template_name).render({
        **urls, **context, "user": request.user, "request": request,
        "csrf_input": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)})
    html = render_layout(request, content=Markup(content), user=request.user,  # noqa: S704 - rendered autoescaped
                         messages=get_messages(request), csrf_token=token,
                         unread_messages=unread(request).get("unread_messages", 0), urls=urls)
    return HttpResponse(html, status=status)


# ------------------------------------------------------------------ form widgets

_W = "django/forms/widgets/"
_INPUT_TEMPLATES = frozenset(_W + n for n in (
    "input.html", "text.html", "date.html", "number.html", "email.html", "url.html", "hidden.html", "password.html",
    "tel.html", "search.html", "color.html", "time.html", "datetime.html"))


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html
    out = []
    for name, value in attrs.items():
        if value is not False:
            out.append(f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"')
    return "".join(out)


def _input(w: dict) -> str:
    # django/forms/widgets/input.html
    value = f' value="{escape(w["value"])}"' if w["value"] is not None else ""
    return f'<input type="{escape(w["type"])}" name="{escape(w["name"])}"{value}{_attrs(w["attrs"])}>'


def _option(w: dict) -> str:
    # django/forms/widgets/select_option.html
    return f'<option value="{escape(w["value"])}"{_attrs(w["attrs"])}>{escape(w["label"])}</option>'


class WidgetRenderer(DjangoJinja2Renderer):
    """Django's Jinja2 form renderer, with the plain widgets (inputs, textarea, select) written out in Python:
    the same markup as Django's Jinja2 widget templates (tests/web/test_jinja_pages.py compares them for every
    section form), without a template context per widget — a section page renders a dozen, and they were a
    quarter of its CPU. Every other template goes to Jinja2 as before."""

    def render(self, template_name, context, request=None):
        w = context.get("widget") if isinstance(context, dict) else None
        if w is None:
            return super().render(template_name, context, request)
        if template_name in _INPUT_TEMPLATES:
            return _input(w)
        if template_name == _W + "textarea.html":
            value = escape(w["value"]) if w["value"] else ""
            return f'<textarea name="{escape(w["name"])}"{_attrs(w["attrs"])}>\n{value}</textarea>'
        if template_name == _W + "select.html" and all(
                o.get("template_name") == _W + "select_option.html" for _g, opts, _i in w["optgroups"] for o in opts):
            parts = [f'<select name="{escape(w["name"])}"{_attrs(w["attrs"])}>']
            for group_name, options, _index in w["optgroups"]:
                if group_name:
                    parts.append(f'\n  <optgroup label="{escape(group_name)}">')
                parts.extend("\n  " + _option(o) for o in options)
                if group_name:
                    parts.append("\n  </optgroup>")
            parts.append("\n</select>")
            return "".join(parts)
        return super().render(template_name, context, request)
