"""Data scope per role (本人 / 本单位 / 本单位及下级 / 全部) and named permission predicates.

A predicate returns a Decision: truthy when allowed, with the Chinese reason when refused and the
role assignment that granted it (recorded in the audit event).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from zhicheng import querycache

from .models import Organization, RoleAssignment, User
from .roles import Role

# Which organisations a role held in org X may see: "self" = X only, "subtree" = X and below, "all".
ROLE_SCOPE = {
    Role.APPLICANT: "own",
    Role.UNIT_HR: "self",
    Role.UNIT_LEADER: "self",
    Role.ASSESSOR: "self",
    Role.OFFICE_REVIEWER: "subtree",
    Role.PROVINCIAL_OFFICE: "all",
    # Hosts and experts see no organisation's data as such: they see the applications assigned to
    # their committee, through the record rules registered by the committee app.
    Role.COMMITTEE_HOST: "none",
    Role.EXPERT: "none",
    Role.SYSTEM_ADMIN: "none",
    Role.SECURITY_ADMIN: "none",
    Role.AUDIT_ADMIN: "none",
}


@dataclass
class Decision:
    allowed: bool
    reason: str = ""
    assignment: RoleAssignment | None = None

    def __bool__(self) -> bool:
        return self.allowed


def assignments(user: User) -> list[RoleAssignment]:
    """The user's role assignments, loaded once per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_zc_assignments", None)
    if cached is None:
        cached = querycache.fetch(("orgs.assignments",), lambda u: RoleAssignment.objects.filter(
            user_id=u).select_related("organization").order_by("pk"), user.pk)
        user._zc_assignments = cached
    return cached


def roles_of(user: User) -> set[str]:
    return {a.role for a in assignments(user)}


def has_role(user: User, role: str) -> bool:
    return role in roles_of(user)


def orgs_for_role(user: User, role: str) -> list:
    return [a.organization for a in assignments(user) if a.role == role]


def is_unit_hr_of(user: User, unit) -> Decision:
    for a in assignments(user):
        if a.role == Role.UNIT_HR and a.organization_id == unit.pk:
            return Decision(True, assignment=a)
    return Decision(False, "您不是该单位的人事工作人员，无权进行此操作。")


def org_q(a: RoleAssignment, prefix: str = "") -> Q:
    """The organisations an assignment's data scope covers, as a filter (prefix = path to the org)."""
    scope = ROLE_SCOPE.get(a.role, "none")
    if scope == "all":
        return Q()
    if scope == "self":
        return Q(**{f"{prefix}pk": a.organization_id})
    if scope == "subtree":
        return Q(**{f"{prefix}path__startswith": a.organization.path})
    return Q(pk__in=[])


def visible_organizations(user: User) -> QuerySet[Organization]:
    """The organisations in the user's data scope, and always those the user holds a role in (an applicant
    or an expert sees no organisation's data, but knows their own organisation)."""
    qs = [q | Q(pk=a.organization_id) if q else q for a in assignments(user) for q in [org_q(a)]]
    return _filter_any(Organization.objects.all(), qs)


def _filter_any(queryset: QuerySet, qs: list[Q]) -> QuerySet:
    """Records matching any of the filters; an empty Q() means everything (scope "all")."""
    if any(not q for q in qs):
        return queryset
    combined = Q(pk__in=[])
    for q in qs:
        combined |= q
    return queryset.filter(combined)


# ---------------------------------------------------------------- record rules, written once
# A rule says which records of a model one role assignment may see, as a Q on that model. The same Q
# serves the list (filter by the OR of the user's rules) and the single record (the record matches).
Rule = Callable[[RoleAssignment, User], Q]
_RULES: dict[str, dict[str, Rule]] = {}


def register_rule(model_label: str, role: str, rule: Rule) -> None:
    """Stage apps register, in ready(), which records of a model each role sees."""
    _RULES.setdefault(model_label.lower(), {})[role] = rule


def _rules(model) -> dict[str, Rule]:
    return _RULES.get(model._meta.label_lower, {})


def visible(user: User, queryset: QuerySet) -> QuerySet:
    """The records of the queryset in the user's data scope."""
    rules = _rules(queryset.model)
    return _filter_any(queryset, [rules[a.role](a, user) for a in assignments(user) if a.role in rules])


def covering(user: User, obj, roles=None) -> Decision:
    """The first of the user's assignments (among `roles`, if given) whose rule covers this record."""
    rules = _rules(type(obj))
    candidates = [a for a in assignments(user) if a.role in rules and (roles is None or a.role in roles)]
    if not candidates:
        return Decision(False)
    covered = _coverage(user, obj)
    for a in candidates:
        if covered.get(a.pk):
            return Decision(True, assignment=a)
    return Decision(False)


# A record's coverage also depends on other rows (a committee assignment, a panel seat): a write through the
# ORM starts a new generation, so a cached answer never outlives a change that could alter it. Writes that no
# record rule reads (the dossier's rows — an application's own fields are part of the key — audit events,
# files, sessions) do not.
_generations = itertools.count()
_generation = 0
_NO_SCOPE_APPS = frozenset({"dossier", "audit", "files", "sessions", "axes"})


def _new_generation(sender=None, **_kwargs) -> None:
    global _generation
    _generation = next(_generations)


def connect_generation_signals() -> None:
    """Called once all models are loaded (OrgsConfig.ready). Receivers are connected per model, and not for
    the models exempted: a post_delete receiver on a model turns off Django's fast bulk delete for it."""
    from django.apps import apps

    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in _NO_SCOPE_APPS or meta.label_lower in ("workflow.task", "orgs.usersession"):
            continue
        for signal in (post_save, post_delete):
            signal.connect(_new_generation, sender=model, dispatch_uid=f"zc_scope_gen_{signal is post_save}_{meta.label_lower}")
    m2m_changed.connect(_new_generation, dispatch_uid="zc_scope_gen_m2m")


def _record_key(user: User, obj) -> tuple:
    # __dict__, not getattr: a deferred field is not loaded (and a changed one changes the key).
    return user.pk, _generation, tuple(obj.__dict__.get(f.attname) for f in obj._meta.concrete_fields)


def _pending(user: User, model) -> list[tuple[RoleAssignment, Q]]:
    """The user's assignments with a rule on the model whose scope is not "all", with their filters."""
    rules = _rules(model)
    return [(a, q) for a in assignments(user) if a.role in rules for q in [rules[a.role](a, user)] if q]


def _coverage(user: User, obj) -> dict:
    """Which of the user's assignments cover this record ({assignment pk: bool}): one query for all of them,
    kept on the object while its fields are unchanged (a page's view and its guards ask the same question)."""
    key = _record_key(user, obj)
    cached = obj.__dict__.get("_zc_coverage")
    if cached is not None and cached[0] == key:
        return cached[1]
    rules = _rules(type(obj))
    result = {a.pk: True for a in assignments(user) if a.role in rules}  # scope "all" unless a filter follows
    pending = _pending(user, type(obj))
    if pending:
        base = type(obj)._default_manager.filter(pk=obj.pk)
        matched = base.annotate(**{f"_zc_{i}": _case(q) for i, (_a, q) in enumerate(pending)}
                                ).values(*[f"_zc_{i}" for i in range(len(pending))]).first()
        for i, (a, _q) in enumerate(pending):
            result[a.pk] = bool(matched and matched[f"_zc_{i}"])
    obj._zc_coverage = (key, result)
    return result


def with_coverage(user: User, queryset: QuerySet) -> QuerySet:
    """The queryset with the user's scope checks as columns, so that fetching a record answers `covering`
    for it in the same query (see `adopt_coverage`). The columns are named by position, not by assignment:
    the statement's text is then the same for every user whose rules have the same shape (their values are
    parameters), so PostgreSQL prepares and plans it once per connection, not once per user."""
    return queryset.annotate(**{f"_zc_cov_{i}": _case(q) for i, (_a, q) in enumerate(_pending(user, queryset.model))})


def scope_key(user: User) -> tuple:
    """What the SQL of the user's scope checks depends on: record rules are pure functions of the assignment
    and the user (a rule must never read the database into literal values), so this names the statement."""
    return user.pk, tuple((a.pk, a.role, a.organization_id, a.organization.path) for a in assignments(user))


def get_with_coverage(user: User, name: str, base: QuerySet, pk: int):
    """`base.get(pk=pk)` with the user's scope checks as columns (see `with_coverage`), or None; the statement
    is composed once per thread for `name` (which must identify `base`) and the user's assignments. `base`
    may be a function returning the queryset, called only when the statement is composed."""
    rows = querycache.fetch(
        (name, scope_key(user)), lambda p: with_coverage(user, base() if callable(base) else base).filter(pk=p), pk)
    if not rows:
        return None
    adopt_coverage(user, rows[0])
    return rows[0]


def adopt_coverage(user: User, obj) -> None:
    """Keep the scope checks fetched with the record (`with_coverage`) as its answer to `covering`."""
    rules = _rules(type(obj))
    result = {a.pk: True for a in assignments(user) if a.role in rules}
    for i, (a, _q) in enumerate(_pending(user, type(obj))):
        result[a.pk] = bool(getattr(obj, f"_zc_cov_{i}"))
    obj._zc_coverage = (_record_key(user, obj), result)


def _case(q: Q):
    from django.db.models import BooleanField, Case, Value, When

    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())
