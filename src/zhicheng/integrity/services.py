"""Ban registry queries (禁申)."""

from .models import Ban


def active_ban(id_number, on): return Ban.objects.filter(id_number=id_number, starts_on__lte=on, ends_on__gt=on).first()
