"""`manage.py load_demo`: a believable, valid and idempotent demo province."""

import pytest
from django.core.management import call_command

from zhicheng.audit.models import AuditEvent
from zhicheng.campaigns.models import Campaign
from zhicheng.dossier.models import Application, ApplicationVersion
from zhicheng.orgs.models import Organization, RoleAssignment, User
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.orgs.validators import validate_credit_code, validate_id_number
from zhicheng.web.management.commands.load_demo import DEMO_USERNAMES, PASSWORD
from zhicheng.workflow.states import State

MODELS = [Organization, User, RoleAssignment, Campaign, Application, ApplicationVersion, AuditEvent]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(db, capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = _counts()
    call_command("load_demo")
    second = capsys.readouterr().out
    return first, second, counts


def test_second_run_changes_nothing_and_prints_the_same_table(demo):
    first, second, counts = demo
    assert _counts() == counts
    assert all(counts.values())
    table = [line for line in first.splitlines() if line.startswith(("|", "+"))]
    assert table and table == [line for line in second.splitlines() if line.startswith(("|", "+"))]
    for username in DEMO_USERNAMES.values():
        assert username in first
    assert PASSWORD in first
    assert "本次新建：组织0，用户0，年度申报0，申报0。" in second


def test_one_demo_account_per_role(demo):
    assert set(DEMO_USERNAMES) == set(Role)
    for role, username in DEMO_USERNAMES.items():
        user = User.objects.get(username=username)
        assert RoleAssignment.objects.filter(user=user, role=role).exists(), role
        assert user.check_password(PASSWORD)
        assert not user.must_change_password
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        admin = User.objects.get(username=DEMO_USERNAMES[role])
        assert admin.is_staff and not admin.is_superuser  # 三员分立: the role, not a superuser flag


def test_applicants_and_states(demo):
    applicants = User.objects.filter(role_assignments__role=Role.APPLICANT).distinct()
    assert applicants.count() >= 40
    states = set(Application.objects.values_list("state", flat=True))
    assert {State.DRAFT, State.SUBMITTED, State.RETURNED} <= states
    assert Application.objects.filter(state=State.RETURNED).exclude(return_reason="").count() >= 5
    assert ApplicationVersion.objects.filter(number=2).exists()  # some were resubmitted
    assert Campaign.objects.filter(year=2026, status=Campaign.Status.OPEN).count() == 4

    from zhicheng.dossier.services import missing_items

    ready = Application.objects.get(applicant__username=DEMO_USERNAMES[Role.APPLICANT])
    assert ready.state == State.DRAFT and missing_items(ready) == []


def test_identifiers_are_valid_and_consistent(demo):
    for user in User.objects.all():
        validate_id_number(user.id_number)
        assert user.id_number[6:14] == user.birth_date.strftime("%Y%m%d")
        assert user.gender == ("1" if int(user.id_number[16]) % 2 else "2")
    for org in Organization.objects.all():
        if org.kind == OrgKind.COMMITTEE:
            assert org.credit_code is None  # a review committee is not a legal person
        else:
            validate_credit_code(org.credit_code)
