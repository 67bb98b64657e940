"""Files the demo applicants upload: the work summary PDF and certificate scans.

The PDF uses the one CJK font registration (`zhicheng.documents.fonts.cjk_font`), so the font is embedded.
Pillow reads the same font file from settings.CJK_FONT_PATH.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.conf import settings

from zhicheng.documents.fonts import cjk_font

_NO_LINE_START = "，。、；：？！）》」』”’,.;:?!)"


def wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Break text into lines that fit; a closing punctuation mark never starts a line (避头尾)."""
    lines, cur = [], ""
    for ch in text:
        if not cur or fits(cur + ch):
            cur += ch
        elif ch in _NO_LINE_START:
            lines.append(cur + ch)
            cur = ""
        else:
            lines.append(cur)
            cur = ch
    if cur:
        lines.append(cur)
    return lines


def summary_pdf(title: str, byline: str, paragraphs: list[str]) -> bytes:
    """An A4 工作总结: centred title and byline, indented paragraphs, as many pages as it takes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = cjk_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle(title)
    width, height = A4
    c.setFont(font, 16)
    c.drawCentredString(width / 2, height - 72, title)
    c.setFont(font, 10.5)
    c.drawCentredString(width / 2, height - 96, byline)
    y, left, text_width = height - 130, 64, width - 2 * 64
    for para in paragraphs:
        for line in wrap("\u3000\u3000" + para, lambda t: c.stringWidth(t, font, 10.5) <= text_width):
            if y < 60:
                c.showPage()
                c.setFont(font, 10.5)
                y = height - 72
            c.drawString(left, y, line)
            y -= 19
        y -= 6
    c.save()
    return buf.getvalue()


def certificate_png(lines: list[str], *, clear: bool) -> bytes:
    """A 毕业证书 'scan'; the unclear one is small and blurred (the kind HR sends back)."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    w, h = 1000, 700
    img = Image.new("RGB", (w, h), (250, 246, 234))
    draw = ImageDraw.Draw(img)
    draw.rectangle([20, 20, w - 20, h - 20], outline=(150, 40, 40), width=6)
    title_font = ImageFont.truetype(settings.CJK_FONT_PATH, 56, index=0)
    font = ImageFont.truetype(settings.CJK_FONT_PATH, 28, index=0)
    draw.text((w // 2, 90), "毕 业 证 书", font=title_font, fill=(150, 40, 40), anchor="mm")
    y = 190
    for para in lines:
        for line in wrap(para, lambda t: draw.textlength(t, font=font) <= w - 160) or [""]:
            draw.text((80, y), line, font=font, fill=(30, 30, 30))
            y += 46
    if not clear:
        img = img.resize((320, 224)).filter(ImageFilter.GaussianBlur(2))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()
