"""The data of §三(三) the system administrator keeps: 组卷要求, fee rules, the routing table (audited; a 高级
route without the provincial office's spot check is refused)."""

from decimal import Decimal

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.codes.models import Series
from zhicheng.office_review.models import FeeRule, Route
from zhicheng.orgs.roles import Role

from .. import factories as f

BASE = "/admin/office_review"


@pytest.fixture
def sysadmin(client, world):
    u = f.user(Role.SYSTEM_ADMIN, world.province, name="系统管理员")
    u.is_staff = True
    u.save()
    client.force_login(u)
    return client


def test_the_system_administrator_edits_fees_and_routes(sysadmin, world):
    series = Series.objects.get(code="080")
    for model in ("assemblyitem", "feerule", "route"):
        assert sysadmin.get(f"{BASE}/{model}/").status_code == 200
    r = sysadmin.post(f"{BASE}/feerule/add/", {"series": series.pk, "level": "intermediate", "amount": "320"})
    assert r.status_code == 302 and FeeRule.objects.get().amount == Decimal("320")
    assert AuditEvent.objects.filter(action="admin_add").exists()
    r = sysadmin.post(f"{BASE}/route/add/", {"series": series.pk, "specialty": "", "level": "associate_senior",
                                             "host": world.host.pk})
    assert r.status_code == 200 and "高级（副高级、正高级）申报均须由省职改办先行抽查。" in r.content.decode()
    r = sysadmin.post(f"{BASE}/route/add/", {"series": series.pk, "specialty": "", "level": "intermediate",
                                             "host": world.host.pk})
    assert r.status_code == 302 and Route.objects.get().host == world.host


def test_an_office_reviewer_cannot_open_them(client, world):
    world.office_reviewer.is_staff = True
    world.office_reviewer.save()
    client.force_login(world.office_reviewer)
    assert client.get(f"{BASE}/route/").status_code in (302, 403, 404)
