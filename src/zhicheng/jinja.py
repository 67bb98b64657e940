"""Jinja2 for the pages users open most (the dossier overview and its section pages).

Django's template engine spends most of a rich page's time resolving variables and running tags one node at a
time; Jinja2 compiles a template to Python once, so the same markup renders several times faster. Only the
content is Jinja2: `render_page` renders it, then wraps it in web/base.html with Django's engine, so the layout,
the messages and the context processors stay in one place. The globals and filters here are the Jinja2 faces of
the `zc` template library (same functions underneath); an app adds its own with `register_filters` in its
`ready()`, as `dossier` does for its section rows.
"""

from __future__ import annotations

from django.shortcuts import render
from django.template import defaultfilters, engines
from django.template.backends.utils import csrf_input
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe
from jinja2 import ChainableUndefined, Environment

from zhicheng.codes.models import get_param, param_mb
from zhicheng.workdays.formats import cn_local_date, cn_time

_APP_FILTERS: dict = {}


def register_filters(**filters) -> None:
    """Filters an app's Jinja2 templates use (called from AppConfig.ready, before the first page renders)."""
    _APP_FILTERS.update(filters)


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def url_or_empty(name: str, *args) -> str:
    """Like `{% url … as x %}`: empty when the page's app is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def date(value, fmt: str) -> str:
    """Django's `date` filter: an aware time in the local time zone first, as Django's engine does."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, fmt)


def environment(**options) -> Environment:
    # Undefined attributes render empty and chain (`item.needs_review` when there is no item), as in Django's engine.
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)  # Django passes True; said here so it can never be lost
    env = Environment(autoescape=True, **options)
    env.globals.update(url=url, url_or_empty=url_or_empty, static=static, param=get_param, param_mb=param_mb)
    env.filters.update(
        cndate=cn_local_date, cntime=cn_time, date=date,
        get_item=lambda mapping, key: mapping.get(key) if mapping else None,
        linebreaksbr=lambda value: defaultfilters.linebreaksbr(value, autoescape=True),
        **_APP_FILTERS,
    )
    return env


def render_page(request, template_name: str, context: dict, status: int = 200):
    """The Jinja2 template's content inside the site's layout (web/page.html extends web/base.html)."""
    # The raw Jinja2 template, not Django's wrapper: the wrapper's `csrf_input` masks the token anew each time a
    # form prints it (a dozen times on a section page); one masked token serves every form, as in Django's engine.
    body = engines["jinja2"].env.get_template(template_name).render(
        {**context, "user": request.user, "request": request, "csrf_input": csrf_input(request)})
    return render(request, "web/page.html", {"body": mark_safe(body)}, status=status)  # noqa: S308 - autoescaped
