from django import template

from zhicheng.dossier.services import display_fields, display_value

register = template.Library()


@register.filter
def field_values(obj):
    """[(label, display value)] for a section item, in model order."""
    return [(str(f.verbose_name), display_value(obj, f)) for f in display_fields(type(obj))]


@register.filter
def section_labels(keys) -> str:
    """Section keys as their Chinese labels, e.g. for the sections a return reopened."""
    from zhicheng.dossier import sections as sec

    return "、".join(sec.BY_KEY[k].label if k in sec.BY_KEY else "所有信息" for k in keys or [])
