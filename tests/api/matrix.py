"""The role × record matrix of /api/v1/: the world, the expected status per role and target, and the checks.

Each endpoint has a table role → expected status per target. Records outside a user's scope are 404
(their existence is not revealed); records in scope that the user may not change are 403. A few refusals
come from business rules rather than permissions and are 422 (they are marked where they occur).

The world is built once per test module (one transaction, rolled back at the end: tests/api/conftest.py);
every test runs in its own savepoint, so writes made by one case never reach another.
"""

from __future__ import annotations

import pytest
from django.test import Client

from zhicheng.campaigns.models import Campaign, PanelMember
from zhicheng.dossier import models as m
from zhicheng.dossier import services as dossier
from zhicheng.files.models import StoredFile

from .. import factories as f
from ..conftest import build_world

API = "/api/v1"
NOT_FOUND = ["记录不存在或无权访问。"]

ROLES = ("applicant", "applicant2", "other_applicant", "hr", "other_hr", "leader", "assessor", "office_reviewer",
         "other_office_reviewer", "provincial", "host_user", "expert")

# --------------------------------------------------------------------------- the world

# Application targets:
#   own       world.app        — draft of world.applicant in world.unit (complete: it could be submitted)
#   other     world.other_app  — draft of world.other_applicant in world.other_unit
#   own_sub   world.sub_app    — a SUBMITTED application of world.applicant in world.unit (campaign 2025)
#   other_sub world.other_sub  — a SUBMITTED application of world.other_applicant in world.other_unit
APP_TARGETS = ("own", "other", "own_sub", "other_sub")
APP_ATTR = {"own": "app", "other": "other_app", "own_sub": "sub_app", "other_sub": "other_sub"}

# Campaign targets: the open campaigns of the fixture and an unpublished (draft) one per unit.
CAMPAIGN_TARGETS = ("own", "other", "own_draft", "other_draft")
CAMPAIGN_ATTR = {"own": "campaign", "other": "other_campaign", "own_draft": "draft_campaign",
                 "other_draft": "other_draft_campaign"}


def _fake_summary(app):
    """A work summary row without a file on disk (nothing in these tests reads its content)."""
    stored = StoredFile.objects.create(file="u/none.pdf", original_name="工作总结.pdf", kind="pdf", size=1,
                                       sha256="0" * 64, uploaded_by=app.applicant)
    m.WorkSummary.objects.create(application=app, file=stored, char_count=800)


def _complete(app):
    f.fill_required(app, with_summary=False)
    _fake_summary(app)


def build():
    """The shared world plus: complete dossiers, a submitted one per unit, draft campaigns, saved drafts."""
    w = build_world()
    _complete(w.app)
    _complete(w.other_app)
    w.campaign_2025 = f.campaign(w.unit, w.hr, year=2025)
    w.other_campaign_2025 = f.campaign(w.other_unit, w.other_hr, year=2025)
    w.draft_campaign = f.campaign(w.unit, w.hr, year=2027, status=Campaign.Status.DRAFT)
    w.other_draft_campaign = f.campaign(w.other_unit, w.other_hr, year=2027, status=Campaign.Status.DRAFT)
    # The assessor sits on the unit's panels but sees only dossiers assigned to it for scoring (none here).
    for c in (w.campaign, w.campaign_2025):
        PanelMember.objects.create(campaign=c, user=w.assessor, duty="member")
    w.sub_app = f.application(w.applicant, w.campaign_2025)
    w.other_sub = f.application(w.other_applicant, w.other_campaign_2025)
    for app in (w.sub_app, w.other_sub):
        _complete(app)
        dossier.submit(app.applicant, app)
    w.items, w.drafts = {}, {}
    for target, attr in APP_ATTR.items():
        app = getattr(w, attr)
        w.items[target] = m.WorkExperience.objects.get(application=app).pk
        # A saved draft on every target so GET drafts/... reaches the permission check, not "no draft".
        m.Draft.objects.create(application=app, section="achievement", form_key="new", data={"content": "草稿"})
    w.id_numbers = [getattr(w, r).id_number for r in ROLES]
    return w


def login(w, role, **kwargs) -> Client:
    c = Client(**kwargs)
    c.force_login(getattr(w, role))
    return c


def app_of(w, target) -> m.Application:
    return getattr(w, APP_ATTR[target])


def cases(table: dict, targets=APP_TARGETS, ok=None):
    """Expand {role: (expected per target)} into (role, target, expected) parameters with readable ids."""
    out = []
    for role, row in table.items():
        assert len(row) == len(targets), role
        for target, expected in zip(targets, row, strict=True):
            expected = ok if expected == OK else expected
            out.append(pytest.param(role, target, expected, id=f"{role}-{target}-{expected}"))
    return out


def check(r, expected: int, w) -> None:
    body = b"" if r.streaming else r.content
    assert r.status_code == expected, body.decode(errors="replace")[:500]
    if r.get("Content-Type", "").startswith("application/json"):
        text = body.decode()
        for number in w.id_numbers:
            assert number not in text, "a full ID number in the response"
        if expected == 404:
            assert r.json()["detail"] == NOT_FOUND
        if expected == 403:
            assert r.json()["detail"]


def act(client: Client, app, action: str, reason: str = "", data: dict | None = None, **kwargs):
    """POST /applications/{id}/actions/{action}: the one way to act through the API."""
    return client.post(f"{API}/applications/{app.pk}/actions/{action}", {"reason": reason, "data": data or {}},
                       content_type="application/json", **kwargs)


def return_to_applicant(client: Client, app, sections=("publications",), **kwargs):
    return act(client, app, "return", "论文信息不全", {"sections": list(sections)}, **kwargs)


def campaign_payload(**extra) -> dict:
    """A valid campaign in the API's shape (the form requires the 个人申报 stage)."""
    from zhicheng.codes.models import Title

    titles = list(Title.objects.filter(code__in=["082", "083"]).values_list("pk", flat=True))
    return {"year": 2026, "name": "改过的年度申报", "conditions": "", "policy_text": "", "title_ids": titles,
            "stages": [{"stage": "application", "starts_on": "2026-11-02", "working_days": 20}], "panel": [],
            **extra}


def fingerprint(app) -> tuple:
    """Everything a refused write must leave as it was."""
    app = m.Application.objects.select_related("applicant", "series", "title").get(pk=app.pk)
    drafts = sorted(m.Draft.objects.filter(application=app).values_list("section", "form_key", "data"))
    return (dossier.snapshot(app), drafts, app.state, app.reopened_sections,
            m.Attachment.objects.filter(application=app).count(), StoredFile.objects.count())


# --------------------------------------------------------------------------- expectations

OK = "ok"  # the endpoint's success status (201 create, 200 update, 204 delete)

# Read endpoints: can_view. A draft is the applicant's alone; the unit sees a dossier once submitted;
# offices and the province only from the unit's submission upward (none of these targets yet).
READ = {  #                 own  other own_sub other_sub
    "applicant":             (200, 404, 200, 404),
    "applicant2":            (404, 404, 404, 404),  # same unit, not the owner
    "other_applicant":       (404, 200, 404, 200),
    "hr":                    (404, 404, 200, 404),
    "other_hr":              (404, 404, 404, 200),
    "leader":                (404, 404, 200, 404),
    "assessor":              (404, 404, 404, 404),  # panel member, but no dossier assigned to it (scoring)
    "office_reviewer":       (404, 404, 404, 404),  # not yet submitted upward by the unit
    "other_office_reviewer": (404, 404, 404, 404),
    "provincial":            (404, 404, 404, 404),
    "host_user":             (404, 404, 404, 404),
    "expert":                (404, 404, 404, 404),
}

# Writes to the dossier: only the owner, only while a draft; in scope but not editable → 403.
WRITE = {  #                own  other own_sub other_sub
    "applicant":             (OK,  404, 403, 404),
    "applicant2":            (404, 404, 404, 404),
    "other_applicant":       (404, OK,  404, 403),
    "hr":                    (404, 404, 403, 404),
    "other_hr":              (404, 404, 404, 403),
    "leader":                (404, 404, 403, 404),
    "assessor":              (404, 404, 404, 404),
    "office_reviewer":       (404, 404, 404, 404),
    "other_office_reviewer": (404, 404, 404, 404),
    "provincial":            (404, 404, 404, 404),
    "host_user":             (404, 404, 404, 404),
    "expert":                (404, 404, 404, 404),
}

# Submit (POST …/actions/submit): the role is checked before the state: only the owner gets 422 on an
# already submitted one.
SUBMIT = {  #               own  other own_sub other_sub
    "applicant":             (200, 404, 422, 404),
    "applicant2":            (404, 404, 404, 404),
    "other_applicant":       (404, 200, 404, 422),
    "hr":                    (404, 404, 403, 404),
    "other_hr":              (404, 404, 404, 403),
    "leader":                (404, 404, 403, 404),
    "assessor":              (404, 404, 404, 404),
    "office_reviewer":       (404, 404, 404, 404),
    "other_office_reviewer": (404, 404, 404, 404),
    "provincial":            (404, 404, 404, 404),
    "host_user":             (404, 404, 404, 404),
    "expert":                (404, 404, 404, 404),
}

# Return (POST …/actions/return; unit HR of the application's unit, only once submitted): the HR gets 422 on a draft; others 403.
RETURN = {  #               own  other own_sub other_sub
    "applicant":             (403, 404, 403, 404),
    "applicant2":            (404, 404, 404, 404),
    "other_applicant":       (404, 403, 404, 403),
    "hr":                    (404, 404, 200, 404),
    "other_hr":              (404, 404, 404, 200),
    "leader":                (404, 404, 403, 404),
    "assessor":              (404, 404, 404, 404),
    "office_reviewer":       (404, 404, 404, 404),
    "other_office_reviewer": (404, 404, 404, 404),
    "provincial":            (404, 404, 404, 404),
    "host_user":             (404, 404, 404, 404),
    "expert":                (404, 404, 404, 404),
}

# Diff of versions 1 and 1: drafts have no version (404 for everyone); submitted ones as READ.
DIFF = {role: (404, 404, row[2], row[3]) for role, row in READ.items()}

CAMPAIGN_READ = {  #        own  other own_draft other_draft
    "applicant":             (200, 404, 404, 404),  # unit staff see published campaigns only
    "applicant2":            (200, 404, 404, 404),
    "other_applicant":       (404, 200, 404, 404),
    "hr":                    (200, 404, 200, 404),
    "other_hr":              (404, 200, 404, 200),
    "leader":                (200, 404, 200, 404),
    "assessor":              (200, 404, 404, 404),
    "office_reviewer":       (200, 404, 200, 404),
    "other_office_reviewer": (404, 200, 404, 200),
    "provincial":            (200, 200, 200, 200),
    "host_user":             (404, 404, 404, 404),
    "expert":                (404, 404, 404, 404),
}

CAMPAIGN_UPDATE = {  #      own  other own_draft other_draft
    "applicant":             (403, 404, 404, 404),
    "applicant2":            (403, 404, 404, 404),
    "other_applicant":       (404, 403, 404, 404),
    "hr":                    (200, 404, 200, 404),
    "other_hr":              (404, 200, 404, 200),
    "leader":                (403, 404, 403, 404),
    "assessor":              (403, 404, 404, 404),
    "office_reviewer":       (403, 404, 403, 404),
    "other_office_reviewer": (404, 403, 404, 403),
    "provincial":            (403, 403, 403, 403),
    "host_user":             (404, 404, 404, 404),
    "expert":                (404, 404, 404, 404),
}

# Publishing an already open campaign is a business refusal (422) for its HR.
CAMPAIGN_PUBLISH = {**CAMPAIGN_UPDATE, "hr": (422, 404, 200, 404), "other_hr": (404, 422, 404, 200)}

CAMPAIGN_CREATE = {role: 201 if role in ("hr", "other_hr") else 403 for role in ROLES}

# Start an application in a campaign: a non-applicant of the unit is refused (403); a second application 422.
APP_CREATE_TARGETS = ("own", "other", "own_draft")
APP_CREATE = {  #           own  other own_draft
    "applicant":             (422, 404, 404),  # already has world.app in this campaign
    "applicant2":            (201, 404, 404),
    "other_applicant":       (404, 422, 404),
    "hr":                    (403, 404, 403),
    "other_hr":              (404, 403, 404),
    "leader":                (403, 404, 403),
    "assessor":              (403, 404, 404),
    "office_reviewer":       (403, 404, 403),
    "other_office_reviewer": (404, 403, 404),
    "provincial":            (403, 403, 403),
    "host_user":             (404, 404, 404),
    "expert":                (404, 404, 404),
}
