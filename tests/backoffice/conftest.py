import pytest

from zhicheng.orgs.roles import Role

from .. import factories as f


@pytest.fixture
def admins(world):
    """One account per administrator role, each also a Django superuser: the role decides, not the flag."""
    out = {}
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        u = f.user(role, world.province, name=f"管理员{role}")
        u.is_staff = True
        u.is_superuser = True
        u.save()
        out[role] = u
    return out
