"""Role assignment in the back office (issue 6 §2): the organisation picker works, nobody changes its own
roles, administrator roles come from the deployment command only, every change is audited before/after."""

import pytest
from django.core.management import CommandError, call_command

from zhicheng.audit.models import AuditEvent
from zhicheng.orgs.models import RoleAssignment
from zhicheng.orgs.roles import Role

from .. import factories as f


def user_form(user, roles=(), *, initial=()):
    """The change form of `user` as the browser posts it: its fields and the role inline."""
    data = {"username": user.username, "real_name": user.real_name, "id_number": user.id_number or "",
            "birth_date": user.birth_date.isoformat() if user.birth_date else "", "gender": user.gender,
            "phone": user.phone, "email": user.email, "is_active": "on",
            "role_assignments-TOTAL_FORMS": str(len(initial) + len(roles)),
            "role_assignments-INITIAL_FORMS": str(len(initial)),
            "role_assignments-MIN_NUM_FORMS": "0", "role_assignments-MAX_NUM_FORMS": "1000"}
    rows = [*initial, *[(None, role, org, False) for role, org in roles]]
    for i, (pk, role, org, delete) in enumerate(rows):
        data.update({f"role_assignments-{i}-id": pk or "", f"role_assignments-{i}-user": user.pk,
                     f"role_assignments-{i}-role": role, f"role_assignments-{i}-organization": org.pk})
        if delete:
            data[f"role_assignments-{i}-DELETE"] = "on"
    return data


@pytest.fixture
def security(client, admins):
    client.force_login(admins[Role.SECURITY_ADMIN])
    return client


def test_security_admin_picks_an_organisation_for_a_role(security, world):
    r = security.get("/admin/autocomplete/", {"term": "电力", "app_label": "orgs", "model_name": "roleassignment",
                                              "field_name": "organization"})
    assert r.status_code == 200
    assert [row["text"] for row in r.json()["results"]] == [world.unit.name]


def test_the_audit_admin_cannot_use_the_organisation_picker(client, admins):
    client.force_login(admins[Role.AUDIT_ADMIN])
    r = client.get("/admin/autocomplete/", {"term": "电力", "app_label": "orgs", "model_name": "roleassignment",
                                            "field_name": "organization"})
    assert r.status_code == 403


def test_security_admin_assigns_a_role_and_it_is_audited_with_after(security, world, admins):
    person = f.user(name="新同事")
    r = security.post(f"/admin/orgs/user/{person.pk}/change/", user_form(person, [(Role.UNIT_HR, world.unit)]))
    assert r.status_code == 302, r.content.decode()[:3000]
    assert RoleAssignment.objects.filter(user=person, role=Role.UNIT_HR, organization=world.unit).exists()
    ev = AuditEvent.objects.get(action="role_grant")
    assert ev.actor == admins[Role.SECURITY_ADMIN] and ev.role == Role.SECURITY_ADMIN
    assert ev.object_type == "orgs.user" and ev.object_id == str(person.pk)
    assert ev.details["before"] is None
    assert ev.details["after"] == {"role": "unit_hr", "role_label": "单位人事", "organization_id": world.unit.pk,
                                   "organization": world.unit.name}


def test_a_scope_change_is_audited_with_before_and_after(security, world):
    person = f.user(Role.UNIT_HR, world.unit, name="调动者")
    a = person.role_assignments.get()
    r = security.post(f"/admin/orgs/user/{person.pk}/change/",
                      user_form(person, initial=[(a.pk, Role.UNIT_HR, world.other_unit, False)]))
    assert r.status_code == 302
    ev = AuditEvent.objects.get(action="role_change")
    assert ev.details["before"]["organization_id"] == world.unit.pk
    assert ev.details["after"]["organization_id"] == world.other_unit.pk
    assert ev.details["before"]["role"] == ev.details["after"]["role"] == "unit_hr"


def test_a_revocation_is_audited_with_before(security, world):
    person = f.user(Role.UNIT_LEADER, world.unit, name="卸任者")
    a = person.role_assignments.get()
    r = security.post(f"/admin/orgs/user/{person.pk}/change/",
                      user_form(person, initial=[(a.pk, Role.UNIT_LEADER, world.unit, True)]))
    assert r.status_code == 302
    assert not person.role_assignments.exists()
    ev = AuditEvent.objects.get(action="role_revoke")
    assert ev.details["before"]["role"] == "unit_leader" and ev.details["after"] is None


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_administrator_roles_are_never_granted_in_the_web_ui(security, world, role):
    person = f.user(name="想当管理员")
    r = security.post(f"/admin/orgs/user/{person.pk}/change/", user_form(person, [(role, world.province)]))
    assert r.status_code == 200  # the form again, with the error
    assert not person.role_assignments.exists()
    assert not AuditEvent.objects.filter(action__startswith="role_").exists()


def test_the_role_picker_offers_no_administrator_role(security):
    person = f.user(name="某人")
    page = security.get(f"/admin/orgs/user/{person.pk}/change/").content.decode()
    assert "单位人事" in page and "省职改办" in page
    assert 'value="security_admin"' not in page and 'value="system_admin"' not in page


def test_security_admin_cannot_change_its_own_roles(security, world, admins):
    me = admins[Role.SECURITY_ADMIN]
    mine = me.role_assignments.get()
    r = security.post(f"/admin/orgs/user/{me.pk}/change/",
                      user_form(me, [(Role.PROVINCIAL_OFFICE, world.province)],
                                initial=[(mine.pk, Role.SECURITY_ADMIN, world.province, False)]))
    assert r.status_code == 403
    assert list(me.role_assignments.values_list("role", flat=True)) == [Role.SECURITY_ADMIN]


def test_the_role_rows_of_ones_own_account_are_read_only(admins, world):
    """Besides the account being read-only: the role rows themselves refuse their own holder."""
    from django.contrib.admin import site
    from django.test import RequestFactory

    from zhicheng.backoffice.users import RoleInline

    me = admins[Role.SECURITY_ADMIN]
    request = RequestFactory().get("/")
    request.user = me
    inline = RoleInline(type(me), site)
    assert not inline.has_add_permission(request, me) and not inline.has_change_permission(request, me)
    assert not inline.has_delete_permission(request, me)
    assert inline.has_add_permission(request, world.applicant) and inline.has_change_permission(request, world.applicant)


@pytest.mark.parametrize("target", [Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN])
def test_security_admin_cannot_take_over_another_administrator(security, world, admins, target):
    other = admins[target]
    r = security.post(f"/admin/orgs/user/{other.pk}/change/", user_form(other, [(Role.PROVINCIAL_OFFICE, world.province)]))
    assert r.status_code == 403
    assert security.post(f"/admin/orgs/user/{other.pk}/password/",
                         {"password1": "Xk9#mPq2vL!", "password2": "Xk9#mPq2vL!"}).status_code == 403
    assert security.post(f"/admin/orgs/user/{other.pk}/delete/", {"post": "yes"}).status_code == 403
    assert list(other.role_assignments.values_list("role", flat=True)) == [target]


def test_grant_admin_role_command_grants_and_audits(world):
    person = f.user(name="新任审计员")
    call_command("grant_admin_role", person.username, "audit_admin")
    a = person.role_assignments.get()
    assert (a.role, a.organization) == (Role.AUDIT_ADMIN, world.province)
    person.refresh_from_db()
    assert person.is_staff
    ev = AuditEvent.objects.get(action="role_grant")
    assert ev.actor is None and ev.details["via"] == "command"
    assert ev.details["after"]["role_label"] == "审计管理员"
    call_command("grant_admin_role", person.username, "audit_admin", "--revoke")
    assert not person.role_assignments.exists()
    assert AuditEvent.objects.get(action="role_revoke").details["before"]["role"] == "audit_admin"


def test_grant_admin_role_command_refuses_other_roles_and_unknown_users(world):
    person = f.user(name="某人")
    with pytest.raises(CommandError):
        call_command("grant_admin_role", person.username, "provincial_office")
    with pytest.raises(CommandError, match="不存在"):
        call_command("grant_admin_role", "nobody", "audit_admin")
    assert not person.role_assignments.exists()


def test_deleting_an_account_audits_the_roles_it_loses(security, world):
    person = f.user(Role.ASSESSOR, world.unit, name="离职者")
    r = security.post(f"/admin/orgs/user/{person.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    ev = AuditEvent.objects.get(action="role_revoke")
    assert ev.object_id == str(person.pk) and ev.details["before"]["role"] == "assessor"
    assert ev.details["after"] is None
