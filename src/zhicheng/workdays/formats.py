"""Dates as Chinese users read them."""

import datetime


def cn_date(value: datetime.date | None) -> str:
    """2026年11月26日"""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_local_date(value) -> str:
    """2026年11月26日 of a date, or of a time on its local day."""
    if hasattr(value, "date") and callable(value.date):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return cn_date(value)


def cn_time(value) -> str:
    """2026年11月26日 14:05 (local time)."""
    if not value:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{cn_date(local.date())} {local:%H:%M}"


def cn_month(value: datetime.date | None) -> str:
    """2026年11月"""
    if not value:
        return ""
    return f"{value.year}年{value.month}月"
