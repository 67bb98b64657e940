"""Parts of the official forms that later stages contribute (seed §二–§四).

The form's owner lays out its opinion boxes as `Box`es (blank: room to write by hand, then the
signature line). A stage fills a box — or adds one — by registering a part in its
``AppConfig.ready()``::

    registry.register_part(registry.REVIEW_FORM, registry.UNIT_OPINION, 10, unit_opinion_part)

``fn(application)`` returns a `Part` (the text to print) or ``None`` (the box stays blank, e.g. while
the stage has not decided yet). PDF and printable HTML both draw the list `boxes()` returns, so paper
and screen never disagree.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

ROSTER = "roster"  # 一览表
REVIEW_FORM = "review_form"  # 评审表
FORMS = (ROSTER, REVIEW_FORM)

# The opinion boxes both forms print (keys a stage registers its part under).
UNIT_OPINION = "unit_opinion"  # §二 单位意见（推荐意见）
OFFICE_OPINION = "office_opinion"  # §三 主管部门呈报意见
COMMITTEE_OPINION = "committee_opinion"  # §四 评委会评审意见
# Not a box: the one line “已核，与原件一致” with the checker and date (§二(一)), printed under the sections.
VERIFICATION = "verification"

UNIT_SIGN = ("负责人签名：", "（单位盖章）")


@dataclass(frozen=True)
class Part:
    """What a stage prints in a box: its lines (the opinion, vote result, …); a title replaces the box's label."""

    lines: tuple[str, ...]
    title: str | None = None


@dataclass(frozen=True)
class Box:
    """One opinion box as printed: heading above it (评审表 only), label inside, then either the lines of
    the part that filled it or blank room and the printed blanks of ``before``; the signature line last."""

    key: str
    order: int
    label: str
    heading: str = ""
    sign: tuple[str, str] = UNIT_SIGN
    before: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()

    @property
    def blank(self) -> bool:
        return not self.lines


PartFn = Callable[[Any], Part | None]


@dataclass(frozen=True)
class _Registered:
    order: int
    fn: PartFn


_parts: dict[str, dict[str, _Registered]] = {form: {} for form in FORMS}
_lock = threading.Lock()


def register_part(form: str, key: str, order: int, fn: PartFn) -> PartFn:
    """Let ``fn(application)`` fill the box ``key`` of ``form`` (or add a box at ``order``).

    One stage owns a box: registering a different function for the same box is a programming error."""
    if form not in _parts:
        raise ValueError(f"未知的文书：{form}")
    with _lock:
        current = _parts[form].get(key)
        if current is not None and current.fn is not fn:
            raise ValueError(f"文书“{form}”的“{key}”部分已由其他环节登记。")
        _parts[form][key] = _Registered(order, fn)
    return fn


def unregister_part(form: str, key: str) -> None:
    """Remove a registration (tests; a stage switched off)."""
    with _lock:
        _parts[form].pop(key, None)


def boxes(form: str, application, layout: Iterable[Box]) -> list[Box]:
    """The boxes of ``form`` for this application, in order: the form's own layout, each box filled by
    the part registered for its key (``None`` keeps it blank), plus boxes that only a part declares."""
    layout = {box.key: box for box in layout}
    out = []
    for key in layout.keys() | _parts[form].keys():
        box = layout.get(key) or Box(key=key, order=0, label="")
        registered = _parts[form].get(key)
        if registered is not None:
            box = replace(box, order=registered.order)
            part = registered.fn(application)
            if part is not None:
                box = replace(box, label=part.title if part.title is not None else box.label,
                              lines=tuple(part.lines), before=())
        out.append(box)
    return sorted(out, key=lambda b: (b.order, b.key))
