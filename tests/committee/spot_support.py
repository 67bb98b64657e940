"""A §四(一) world with a larger 高级 batch: tests/support/stage4.forwarded plus n more seniors that went
through §二 and §三 in the same unit batch (stage4.more_senior cannot follow s3.three: the unit's collective
decision on the quota is already recorded), forwarded as a second province batch."""

from __future__ import annotations

from zhicheng.office_review import transfer
from zhicheng.office_review.models import Route
from zhicheng.orgs.roles import OrgKind

from .. import factories as f
from ..support import stage3_handin as s3

NAMES = "丙丁戊己庚辛壬癸子丑寅卯"


def world_with_seniors(world, n: int):
    """world.senior in world.province_batch (alone, as stage4.forwarded); world.middle in world.host_batch;
    world.seniors (n more 副高级) in world.big_batch (SPOT_CHECK)."""
    middle, junior = s3.more_applications(world, "083", "084")
    extra = s3.more_applications(world, *["082"] * n, names=NAMES) if n else []
    apps = s3.unit_submitted(world, [world.app, middle, junior, *extra])
    s3.fee_rules()
    world.committee = f.org("河北省工程系列高级评委会", OrgKind.COMMITTEE, world.host)
    Route.objects.create(series=world.app.series, level="intermediate", host=world.host, committee=world.committee)
    endorsed = [s3.endorsed(world, a) for a in apps]
    world.senior, world.middle, world.junior = endorsed[:3]
    world.seniors = endorsed[3:]
    world.senior_route = Route.objects.create(series=world.senior.series, level=world.senior.level, host=world.host,
                                              committee=world.committee, spot_check_first=True)
    world.host_batch = transfer.forward(world.office_reviewer, world.office, [world.middle])
    world.province_batch = transfer.forward(world.office_reviewer, world.office, [world.senior])
    world.big_batch = transfer.forward(world.office_reviewer, world.office, world.seniors) if n else None
    for a in (world.middle, world.senior, *world.seniors):
        a.refresh_from_db()
    return world
