"""人员账号: HR makes and resets its own unit's people, the office those of the units under it; audited."""

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.errors import Refusal
from zhicheng.orgs import accounts
from zhicheng.orgs.backends import IdNumberOrUsernameBackend
from zhicheng.orgs.models import RoleAssignment, User
from zhicheng.orgs.roles import Role
from zhicheng.orgs.validators import id_number_check_char

from .. import factories as f


def idn(n: int) -> str:
    body = f"44010619900101{n:03d}"
    return body + id_number_check_char(body)


def _create(actor, unit, n=1, **kw):
    data = {"real_name": "新申报人", "id_number": idn(n), "phone": "13912345678", **kw}
    return accounts.create_person(actor, unit=unit, **data)


def test_hr_creates_an_account_of_its_own_unit(world):
    issued = _create(world.hr, world.unit)
    u = issued.user
    assert u.must_change_password and u.real_name == "新申报人" and u.id_number == idn(1)
    assert u.gender == "1" and str(u.birth_date) == "1990-01-01"
    assert list(u.role_assignments.values_list("role", "organization")) == [(Role.APPLICANT, world.unit.pk)]
    assert IdNumberOrUsernameBackend().authenticate(None, username=idn(1), password=issued.password) == u  # logs in by ID number
    ev = AuditEvent.objects.get(action="account_create", object_id=str(u.pk))
    assert ev.actor == world.hr and ev.organization == world.unit and ev.role == Role.UNIT_HR
    assert issued.password not in str(ev.details)


def test_hr_of_another_unit_is_refused(world):
    with pytest.raises(Refusal) as exc:
        _create(world.other_hr, world.unit)
    assert exc.value.status == 403 and not User.objects.filter(id_number=idn(1)).exists()


def test_office_creates_below_it_but_not_in_another_office(world):
    assert _create(world.office_reviewer, world.unit).user.role_assignments.get().organization == world.unit
    with pytest.raises(Refusal) as exc:
        _create(world.office_reviewer, world.other_unit, n=2)
    assert exc.value.status == 403
    assert list(accounts.manageable_units(world.office_reviewer)) == [world.unit]
    assert list(accounts.manageable_units(world.leader)) == []


def test_office_cannot_make_accounts_in_its_own_office_org(world):
    assert not accounts.may_manage_unit(world.office_reviewer, world.office)


def test_bad_id_number_and_phone_reported_together(world):
    bad = idn(1)[:17] + ("0" if idn(1)[17] != "0" else "1")
    with pytest.raises(Refusal) as exc:
        _create(world.hr, world.unit, id_number=bad, phone="2391234567")
    assert exc.value.fields == {"id_number": ["身份证号校验位错误，请核对后重新输入。"],
                                "phone": ["手机号码应为11位数字，以1开头。"]}


def test_an_id_number_that_has_an_account_is_refused(world):
    with pytest.raises(Refusal) as exc:
        _create(world.hr, world.unit, id_number=world.applicant2.id_number.lower())
    assert exc.value.fields["id_number"] == ["该身份证号已有账号，无需重复创建；如忘记密码，可为其重置密码。"]


def test_hr_resets_its_applicant_password(world):
    issued = accounts.reset_password(world.hr, world.applicant)
    u = User.objects.get(pk=world.applicant.pk)
    assert u.must_change_password and u.check_password(issued.password) and not u.check_password(f.PASSWORD)
    ev = AuditEvent.objects.get(action="password_reset")
    assert ev.actor == world.hr and ev.object_id == str(u.pk)


@pytest.mark.parametrize("actor, person", [
    ("other_hr", "applicant"),          # another unit
    ("hr", "leader"),                   # HR does not take over its leader's account
    ("hr", "hr"),                       # nor its own (that is 修改密码)
    ("other_office_reviewer", "applicant"),  # another office's unit
    ("office_reviewer", "provincial"),  # not a unit's person
    ("leader", "applicant"),            # not a managing role
])
def test_reset_refused_outside_the_managed_people(world, actor, person):
    with pytest.raises(Refusal) as exc:
        accounts.reset_password(getattr(world, actor), getattr(world, person))
    assert exc.value.status == 403
    assert not AuditEvent.objects.filter(action="password_reset").exists()


def test_office_resets_the_unit_hr_and_leader(world):
    for person in (world.hr, world.leader):
        accounts.reset_password(world.office_reviewer, person)
    assert AuditEvent.objects.filter(action="password_reset", actor=world.office_reviewer).count() == 2


def test_a_person_with_a_role_elsewhere_is_not_managed(world):
    # An applicant who is also an office reviewer: HR reading the new password would hold the office role.
    RoleAssignment.objects.create(user=world.applicant2, role=Role.OFFICE_REVIEWER, organization=world.office2)
    assert world.applicant2 not in accounts.people(world.hr)
    with pytest.raises(Refusal):
        accounts.reset_password(world.hr, world.applicant2)


def test_a_raced_duplicate_is_a_conflict_not_a_500(world, monkeypatch):
    from zhicheng.orgs import accounts as mod

    real = mod.check_person
    monkeypatch.setattr(mod, "check_person", lambda *a: (real(*a)[0], {}))  # as if checked before the other saved
    with pytest.raises(Refusal) as exc:
        _create(world.hr, world.unit, id_number=world.applicant2.id_number)
    assert exc.value.status == 409 and exc.value.problems == [mod.RACED]
