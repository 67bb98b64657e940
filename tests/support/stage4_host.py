"""§四(二) starting points beside stage4.forwarded: several 中级 applications sent to world.host in one batch."""

from __future__ import annotations

from zhicheng.office_review import transfer
from zhicheng.office_review.models import Route
from zhicheng.orgs.roles import OrgKind

from .. import factories as f
from . import stage3_handin as s3


def middles_forwarded(world, n, *, names="甲丙丁戊己庚辛壬癸"):
    """n 中级 (工程师) applications of world.unit through §二 and §三 (with the route of stage3_handin.three),
    sent to world.host in one batch: world.middles in HOST_REVIEW, world.host_batch."""
    apps = s3.unit_submitted(world, s3.more_applications(world, *["083"] * n, names=names))
    s3.fee_rules()
    world.committee = f.org("河北省工程系列高级评委会", OrgKind.COMMITTEE, world.host)
    Route.objects.create(series=apps[0].series, level="intermediate", host=world.host, committee=world.committee)
    apps = [s3.endorsed(world, a) for a in apps]
    world.host_batch = transfer.forward(world.office_reviewer, world.office, apps)
    for a in apps:
        a.refresh_from_db()
    world.middles = apps
    return world
