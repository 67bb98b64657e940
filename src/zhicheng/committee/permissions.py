"""Data scope of committee hosts and experts: the applications assigned to a committee under their
organisation (a host holds its role in the host organisation, the committees are its children). The
same rule filters lists and checks one record (orgs.scope)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from zhicheng.office_review.models import Forwarding, ForwardingEntry
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import register_rule

from .models import CommitteeAssignment


def _assigned_under(a, user) -> Q:
    return Q(Exists(CommitteeAssignment.objects.filter(
        application_id=OuterRef("pk"), committee__path__startswith=a.organization.path)))


def _sent_to_host(a, user) -> Q:
    """A host sees what was sent to it — by an office (中级、初级) or delegated by the provincial office after
    its spot check (高级), both a 报送 batch of kind “host” — and what is assigned to its committees."""
    return Q(Exists(ForwardingEntry.objects.filter(
        application_id=OuterRef("pk"), forwarding__kind=Forwarding.Kind.HOST,
        forwarding__to_org__path__startswith=a.organization.path))) | _assigned_under(a, user)


def register_rules() -> None:
    register_rule("dossier.Application", Role.COMMITTEE_HOST, _sent_to_host)
    # Role.EXPERT's rule (a meeting's candidates, declared, not recused) is agenda.expert_rule, registered by
    # agenda.register().


# --------------------------------------------------------------------------- committees, pools, meetings


def host_orgs(user) -> list:
    """The committee-host organisations in which the user holds Role.COMMITTEE_HOST."""
    from zhicheng.orgs.scope import orgs_for_role

    return orgs_for_role(user, Role.COMMITTEE_HOST)


def is_host(user) -> bool:
    return bool(host_orgs(user))


def manages_host(user, host_id: int) -> bool:
    """A host manages only its own committees, pool and meetings."""
    return any(o.pk == host_id for o in host_orgs(user))


def can_manage_committee(user, committee) -> bool:
    return manages_host(user, committee.host_id)


def can_manage_expert(user, expert) -> bool:
    return manages_host(user, expert.host_id)


def can_manage_meeting(user, meeting) -> bool:
    return manages_host(user, meeting.committee.host_id)
