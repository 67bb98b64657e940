"""§四 starting points for the tests of the spot check, the host's review, the meeting and §五.

Reached through the services of the earlier stages (tests/support/stage3_handin.py): world.senior (副高级) is
forwarded to the provincial office (SPOT_CHECK) and world.middle (中级) to world.host (HOST_REVIEW); the routes
send both to world.host and its committee (world.committee, an org of kind committee under the host).
"""

from __future__ import annotations

from zhicheng.office_review import transfer
from zhicheng.office_review.models import Route

from . import stage3_handin as s3


def forwarded(world):
    """world from s3.three with: a senior route (spot check first) to world.host; world.middle in HOST_REVIEW
    (world.host_batch), world.senior in SPOT_CHECK (world.province_batch). world.junior stays endorsed."""
    s3.three(world)
    Route.objects.create(series=world.senior.series, level=world.senior.level, host=world.host,
                         committee=world.committee, spot_check_first=True)
    world.host_batch = transfer.forward(world.office_reviewer, world.office, [world.middle])
    world.province_batch = transfer.forward(world.office_reviewer, world.office, [world.senior])
    for a in (world.middle, world.senior):
        a.refresh_from_db()
    return world


def more_senior(world, n, *, names="丙丁戊己庚辛壬癸"):
    """n more 副高级 applications of world.unit, endorsed (not forwarded): for batches larger than one."""
    apps = s3.more_applications(world, *["082"] * n, names=names)
    apps = s3.unit_submitted(world, apps)
    return [s3.endorsed(world, a) for a in apps]
