"""Who may issue and revoke certificates (named predicates returning a Decision with the reason)."""

from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import Decision, assignments

# 发证: the authority that issues the result document — the committee host (中级) or the provincial office (高级).
ISSUER_ROLES = (Role.PROVINCIAL_OFFICE, Role.COMMITTEE_HOST)


def can_issue_certificate(user) -> Decision:
    for a in assignments(user):
        if a.role in ISSUER_ROLES:
            return Decision(True, assignment=a)
    return Decision(False, "只有省职改办或评委会组建单位可以发放职称证书。")


def can_revoke_certificate(user) -> Decision:
    """撤销 after fraud is decided by the provincial office (省职改办)."""
    for a in assignments(user):
        if a.role == Role.PROVINCIAL_OFFICE:
            return Decision(True, assignment=a)
    return Decision(False, "只有省职改办可以撤销职称证书。")
