"""The one registration of the embedded CJK font for reportlab (WenQuanYi Micro Hei, TrueType outlines).

Every PDF the system writes — official forms, demo files, test and benchmark fixtures — uses
`cjk_font()`, so the font is embedded and the PDF renders on machines without Chinese fonts.
"""

from __future__ import annotations

import os
import threading

from django.conf import settings

FONT_NAME = "CJK"
_lock = threading.Lock()


def cjk_font() -> str:
    """Register the font once per process and return its reportlab name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        if FONT_NAME in pdfmetrics.getRegisteredFontNames():
            return FONT_NAME
        path = settings.CJK_FONT_PATH
        if not path or not os.path.exists(path):
            raise RuntimeError(f"找不到中文字体文件“{path}”，无法生成PDF。请安装 fonts-wqy-microhei 字体包"
                               "（apt-get install fonts-wqy-microhei），或在 CJK_FONT_PATH 中指定字体文件。")
        pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=0))
    return FONT_NAME
