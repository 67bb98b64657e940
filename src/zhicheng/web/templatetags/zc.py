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
