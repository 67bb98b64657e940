"""The receipt (回执) of each submission: a 业务流水号 the applicant can quote, kept on the version.

Format: ZC + the local date (YYYYMMDD) + a six-digit sequence of that day, e.g. ZC20261201000007.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import models as m

PREFIX = "ZC"
_ATTEMPTS = 5
STEM_LENGTH = len(PREFIX) + 8  # ZC + YYYYMMDD


def stem(day: datetime.date) -> str:
    return f"{PREFIX}{day:%Y%m%d}"


def next_serial(day: datetime.date) -> str:
    """The next free 业务流水号 of `day` (the highest of the day plus one)."""
    stem = f"{PREFIX}{day:%Y%m%d}"
    last = (m.ApplicationVersion.objects.filter(serial__startswith=stem)
            .order_by("-serial").values_list("serial", flat=True).first())
    seq = int(last[len(stem):]) + 1 if last else 1
    return f"{stem}{seq:06d}"


def create_version(application: m.Application, *, number: int, snapshot: dict, actor,
                   last_serial: tuple | None = None) -> m.ApplicationVersion:
    """Keep a submitted version with its own 业务流水号. Two submissions at the same moment may pick the
    same number; the unique constraint refuses the second, which takes the next one. `last_serial` (day,
    highest sequence of that day), read by submit's facts under the row lock, spares the first read when
    it is still today's."""
    for attempt in range(_ATTEMPTS):
        today = timezone.localdate()
        if attempt == 0 and last_serial is not None and last_serial[0] == today:
            serial = f"{stem(today)}{last_serial[1] + 1:06d}"
        else:
            serial = next_serial(today)
        try:
            with transaction.atomic():
                return m.ApplicationVersion.objects.create(application=application, number=number,
                                                           snapshot=snapshot, submitted_by=actor, serial=serial)
        except IntegrityError:
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
