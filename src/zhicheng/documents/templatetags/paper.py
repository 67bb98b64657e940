"""Template filters of the printable forms."""

from django import template

register = template.Library()


@register.filter
def blanks(text: str) -> str:
    """Blanks to fill in by hand are written “____” (the PDF draws them as rules); on the printable page
    each pair of underscores becomes one full-width space, as the paper form leaves them."""
    return str(text or "").replace("__", "\u3000")
