"""Dates as Chinese users read them."""

import datetime


def cn_date(value: datetime.date | None) -> str:
    """2026年11月26日"""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_month(value: datetime.date | None) -> str:
    """2026年11月"""
    if not value:
        return ""
    return f"{value.year}年{value.month}月"
