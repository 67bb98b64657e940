from django import template

from zhicheng.dossier.services import display_fields, display_value

register = template.Library()


@register.filter
def field_values(obj):
    """[(label, display value)] for a section item, in model order."""
    return [(str(f.verbose_name), display_value(obj, f)) for f in display_fields(type(obj))]
