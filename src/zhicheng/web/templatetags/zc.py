from django import template

from zhicheng.orgs.validators import mask_id_number, mask_phone
from zhicheng.workdays.formats import cn_local_date, cn_time

register = template.Library()


@register.filter
def cndate(value):
    """2026年11月26日"""
    return cn_local_date(value)


@register.filter
def mask_id(value):
    return mask_id_number(value or "")


@register.filter
def maskphone(value):
    return mask_phone(value or "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def cntime(value):
    """2026年11月26日 14:05 (local time)."""
    return cn_time(value)


@register.simple_tag
def param(code: str):
    """A business parameter (codes.Parameter) for text shown before the user acts, e.g. an upload rule."""
    from zhicheng.codes.models import get_param

    return get_param(code)


@register.simple_tag
def param_mb(code: str) -> str:
    """A byte-size parameter in MB, as the UI states sizes."""
    from zhicheng.codes.models import param_mb

    return param_mb(code)


class LayoutNode(template.Node):
    """Renders web/base.html's blocks (title, head, content) with Django's engine, then the one layout around
    them (zhicheng.jinja.render_layout, a Jinja2 template): Django's pages and Jinja2's share it."""

    child_nodelists = ("title", "head", "content")  # so that {% extends %} finds the blocks inside

    def __init__(self, title, head, content):
        self.title, self.head, self.content = title, head, content

    def render(self, context):
        from markupsafe import Markup

        from zhicheng.jinja import render_layout

        return render_layout(
            context.get("request"), user=context.get("user"), messages=context.get("messages") or (),
            unread_messages=context.get("unread_messages") or 0, csrf_token=context.get("csrf_token") or "",
            title=Markup(self.title.render(context)), head=Markup(self.head.render(context)),  # noqa: S704
            content=Markup(self.content.render(context)))  # noqa: S704 - rendered by Django's engine, escaped


@register.tag
def layout(parser, token):
    """{% layout %}title{% layout_part %}head{% layout_part %}content{% endlayout %} — web/base.html only."""
    parts = []
    for end in ("layout_part", "layout_part", "endlayout"):
        parts.append(parser.parse((end,)))
        parser.delete_first_token()
    return LayoutNode(*parts)
