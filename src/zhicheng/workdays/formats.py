"""Dates as Chinese users read them."""

import datetime

from django.utils import timezone


def local(value: datetime.datetime) -> datetime.datetime:
    """An aware time in the system's time zone (settings.TIME_ZONE, Beijing time): every user reads the same
    clock and nothing activates another zone, so this skips Django's per-request lookup of the active zone
    (a dozen times on a page with a timeline)."""
    return value.astimezone(timezone.get_default_timezone())


def cn_date(value: datetime.date | None) -> str:
    """2026年11月26日"""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_local_date(value) -> str:
    """2026年11月26日 of a date, or of a time on its local day."""
    if hasattr(value, "date") and callable(value.date):
        value = local(value).date() if timezone.is_aware(value) else value.date()
    return cn_date(value)


def cn_time(value) -> str:
    """2026年11月26日 14:05 (local time)."""
    if not value:
        return ""
    there = local(value) if timezone.is_aware(value) else value
    return f"{cn_date(there.date())} {there:%H:%M}"


def cn_month(value: datetime.date | None) -> str:
    """2026年11月"""
    if not value:
        return ""
    return f"{value.year}年{value.month}月"
