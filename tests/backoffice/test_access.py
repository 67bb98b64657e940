"""三员分立 in the back office: each administrator role sees and changes only its part; changes are audited."""

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.codes.models import Parameter
from zhicheng.orgs.roles import Role


@pytest.mark.parametrize("role,url,status", [
    (Role.SYSTEM_ADMIN, "/admin/codes/parameter/", 200),
    (Role.SYSTEM_ADMIN, "/admin/workdays/holidayyear/add/", 200),
    (Role.SYSTEM_ADMIN, "/admin/orgs/user/", 403),
    (Role.SYSTEM_ADMIN, "/admin/audit/auditevent/", 403),
    (Role.SECURITY_ADMIN, "/admin/orgs/user/", 200),
    (Role.SECURITY_ADMIN, "/admin/codes/parameter/", 403),
    (Role.SECURITY_ADMIN, "/admin/audit/auditevent/", 403),
    (Role.AUDIT_ADMIN, "/admin/audit/auditevent/", 200),
    (Role.AUDIT_ADMIN, "/admin/orgs/user/", 403),
    (Role.AUDIT_ADMIN, "/admin/codes/parameter/", 403),
])
def test_each_admin_sees_only_its_part(client, admins, role, url, status):
    client.force_login(admins[role])
    assert client.get(url).status_code == status


def test_audit_admin_cannot_change_or_delete_audit_records(client, admins):
    ev = AuditEvent.objects.create(action="login")
    client.force_login(admins[Role.AUDIT_ADMIN])
    assert client.get(f"/admin/audit/auditevent/{ev.pk}/change/").status_code == 200  # view only
    assert client.post(f"/admin/audit/auditevent/{ev.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=ev.pk).exists()


def test_system_admin_edits_a_parameter_and_it_is_audited(client, admins):
    p = Parameter.objects.get(key="upload_max_bytes")
    client.force_login(admins[Role.SYSTEM_ADMIN])
    r = client.post(f"/admin/codes/parameter/{p.pk}/change/", {"value": "20"})  # in MB
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.value == 20971520
    ev = AuditEvent.objects.get(action="admin_change")
    assert ev.actor == admins[Role.SYSTEM_ADMIN] and ev.role == Role.SYSTEM_ADMIN


def test_unit_staff_have_no_back_office(client, world):
    world.hr.is_staff = True
    world.hr.save()
    client.force_login(world.hr)
    assert client.get("/admin/codes/parameter/").status_code == 403
