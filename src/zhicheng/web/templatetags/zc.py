from django import template

from zhicheng.orgs.validators import mask_id_number, mask_phone
from zhicheng.workdays.formats import cn_date

register = template.Library()


@register.filter
def cndate(value):
    """2026年11月26日"""
    if hasattr(value, "date") and callable(value.date):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return cn_date(value)


@register.filter
def mask_id(value):
    return mask_id_number(value or "")


@register.filter
def maskphone(value):
    return mask_phone(value or "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
