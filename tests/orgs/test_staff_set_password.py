"""A password set by staff in the back office (new account or reset) must be changed at the next login."""

from zhicheng.audit.models import AuditEvent
from zhicheng.orgs.models import User
from zhicheng.orgs.roles import Role

from .. import factories as f


def _security_admin(world):
    u = f.user(Role.SECURITY_ADMIN, world.province, name="安全管理员")
    u.is_staff = True
    u.save()
    return u


def test_back_office_password_reset_forces_a_change_and_is_audited(client, world):
    client.force_login(_security_admin(world))
    r = client.post(f"/admin/orgs/user/{world.hr.pk}/password/",
                    {"password1": "Reset-By-Staff-9", "password2": "Reset-By-Staff-9", "usable_password": "true"})
    assert r.status_code == 302, r.content.decode()[:2000]
    hr = User.objects.get(pk=world.hr.pk)
    assert hr.check_password("Reset-By-Staff-9") and hr.must_change_password
    assert AuditEvent.objects.filter(action="admin_change", object_id=str(hr.pk)).exists()


def test_back_office_reset_refuses_a_common_password(client, world):
    client.force_login(_security_admin(world))
    r = client.post(f"/admin/orgs/user/{world.hr.pk}/password/",
                    {"password1": "P@ssw0rd", "password2": "P@ssw0rd", "usable_password": "true"})
    assert r.status_code == 200 and "该密码过于常见" in r.content.decode()
    assert not User.objects.get(pk=world.hr.pk).must_change_password


def test_back_office_new_account_must_change_its_first_password(client, world):
    client.force_login(_security_admin(world))
    r = client.post("/admin/orgs/user/add/", {"username": "newstaff", "real_name": "新管理", "id_number": "",
                                              "password1": "First-Pass-77", "password2": "First-Pass-77",
                                              "usable_password": "true", "role_assignments-TOTAL_FORMS": "0",
                                              "role_assignments-INITIAL_FORMS": "0"})
    assert r.status_code == 302
    assert User.objects.get(username="newstaff").must_change_password
