"""Reaching 拟推荐 (RECOMMENDED) in tests of the notice: through the §二 services (tests/support/stage2.py)."""

from __future__ import annotations

from ..support import stage2


def recommended(apps, hr):
    """Submitted (if still a draft) → 核实通过 → 完成量化赋分 → 确定为推荐人选."""
    return stage2.recommended(list(apps), hr)
