"""What the stages of the demo share while it is built: the plan, what exists, what was created."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from zhicheng.campaigns.models import Campaign
from zhicheng.orgs.models import Organization, User

from .data import PASSWORD
from .people import ApplicantPlan, Person


@dataclass
class Context:
    today: datetime.date
    staff: list[Person]
    applicants: list[ApplicantPlan]
    # what this run created, by kind (the command prints it: a second run creates nothing)
    created: dict[str, int] = field(default_factory=lambda: {"组织": 0, "用户": 0, "年度申报": 0, "申报": 0,
                                                                   "公示": 0, "异议": 0,
                                                                   "评委会": 0, "专家": 0, "评审会议": 0})
    orgs: dict[str, Organization] = field(default_factory=dict)  # by OrgSpec key
    users: dict[str, User] = field(default_factory=dict)  # by user name
    campaigns: dict[str, Campaign] = field(default_factory=dict)  # by unit key
    provisional_years: list[int] = field(default_factory=list)  # holiday schedules entered as demo data
    _hashed: str | None = None

    def password_hash(self) -> str:
        """One hash for all demo accounts (same published password): hashing is slow on purpose (Argon2)."""
        if self._hashed is None:
            self._hashed = make_password(PASSWORD)
        return self._hashed
