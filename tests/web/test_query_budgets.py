"""Query budgets of the main pages (issue 7, deadline-day speed).

Two kinds of guard:
- a budget: the dossier overview sends at most 8 statements, a submit (web and API) at most 20 that read or
  write data, whatever the number of items in the dossier;
- no growth: every main page of every role sends no more statements once the data is ten times larger (more
  applications, more items in the dossier shown). A new page gets a line in PAGES.
"""

from __future__ import annotations

import datetime

import pytest

from zhicheng.dossier import models as m
from zhicheng.notices import services as notices
from zhicheng.orgs.models import UserSession
from zhicheng.orgs.roles import Role

from .. import factories as f
from ..support.filled import fill_every_section
from ..support.queries import captured, count_data_queries, count_queries

API = "/api/v1"
OVERVIEW_BUDGET = 8
SUBMIT_BUDGET = 20


def _grow_items(app: m.Application, n: int) -> None:
    """`n` more items in sections the filled dossier already has (work, training), and `n` publications."""
    for i in range(n):
        m.WorkExperience.objects.create(application=app, start_date=datetime.date(2000 + i % 20, 1, 1),
                                        employer=f"单位{i}", position="工程师")
        m.ContinuingEducation.objects.create(application=app, year=1970 + i, hours=40, content=f"培训{i}")
        m.Publication.objects.create(application=app, kind="paper", title=f"论文{i}", author_rank=1,
                                     journal="电力系统自动化", issn="1000-1026",
                                     published_on=datetime.date(2020, 1, 1))


# ------------------------------------------------------------------------------------------- budgets

def _login(client, user) -> None:
    """Log in and open the home page first, as a user does: the session's first-request stamp (written at
    most once a minute, web.middleware) is behind us, as on every page after it."""
    client.force_login(user)
    client.get("/")

def test_overview_budget_for_the_applicant_on_a_draft(client, world):
    f.fill_required(world.app)
    _grow_items(world.app, 20)
    _login(client, world.applicant)
    assert count_queries(client, f"/applications/{world.app.pk}/") <= OVERVIEW_BUDGET


def test_overview_budget_for_an_incomplete_draft(client, world):
    """The missing items and the guard read the same facts as the section table."""
    _login(client, world.applicant)
    assert count_queries(client, f"/applications/{world.app.pk}/") <= OVERVIEW_BUDGET


def test_overview_budget_for_unit_hr_on_a_submitted_dossier(client, world):
    f.fill_required(world.app)
    _grow_items(world.app, 20)
    f.submitted(world.app, fill=False)
    _login(client, world.hr)
    r = client.get(f"/applications/{world.app.pk}/")
    assert "退回修改" in r.content.decode()  # the unit's actions are offered (the guard ran)
    assert count_queries(client, f"/applications/{world.app.pk}/") <= OVERVIEW_BUDGET


def test_overview_budget_for_unit_hr_when_every_item_is_verified(client, world):
    """The 核实通过 button is offered from the page's facts (every item its own 已核 mark, no ban entry)."""
    from zhicheng.unit_review import services as review

    f.fill_required(world.app)
    _grow_items(world.app, 5)
    f.submitted(world.app, fill=False)
    _version, items, _marks = review.checklist(world.app)
    review.set_marks(world.hr, world.app, [{"section": i.section, "item_id": i.item_id, "status": "verified"}
                                            for i in items])
    _login(client, world.hr)
    r = client.get(f"/applications/{world.app.pk}/")
    assert "核实通过" in r.content.decode()
    assert count_queries(client, f"/applications/{world.app.pk}/") <= OVERVIEW_BUDGET


def test_overview_budget_after_a_return_and_resubmission(client, world):
    f.submitted(world.app)
    f.returned(world.app, world.hr)
    f.submitted(world.app, fill=False)
    _login(client, world.hr)
    assert count_queries(client, f"/applications/{world.app.pk}/") <= OVERVIEW_BUDGET


def test_no_session_write_on_the_next_pages(client, world):
    _login(client, world.applicant)
    for _ in range(2):
        sql = captured(client, "get", f"/applications/{world.app.pk}/")
        assert not [q for q in sql if UserSession._meta.db_table in q and not q.lstrip().startswith("SELECT")]
    # the guard can fail: a page that writes the session is seen
    client.get(f"/applications/{world.app.pk}/s/achievement/?saved=new")
    session = client.session
    session["dossier_saved_values"] = {"url": "x", "values": {}}
    session.save()
    sql = captured(client, "get", f"/applications/{world.app.pk}/s/achievement/?saved=new")
    assert [q for q in sql if UserSession._meta.db_table in q and q.lstrip().startswith("UPDATE")]


def _web_submit(client, app) -> int:
    n = count_data_queries(client, "post", f"/applications/{app.pk}/actions/submit/", status=302)
    app.refresh_from_db()
    assert app.state == "submitted"
    return n


def _api_submit(client, app) -> int:
    n = count_data_queries(client, "post", f"{API}/applications/{app.pk}/actions/submit", status=200,
                           data={}, content_type="application/json")
    app.refresh_from_db()
    assert app.state == "submitted"
    return n


@pytest.mark.parametrize("submit", [_web_submit, _api_submit], ids=["web", "api"])
def test_submit_budget_and_no_growth_with_items(client, world, submit):
    small = f.fill_required(f.application(world.applicant2, world.campaign))
    big = f.fill_required(world.app)
    _grow_items(small, 1)
    _grow_items(big, 30)
    _login(client, world.applicant2)
    at_small = submit(client, small)
    _login(client, world.applicant)
    at_big = submit(client, big)
    assert at_small <= SUBMIT_BUDGET and at_big <= at_small
    version = big.versions.get()
    assert len(version.snapshot["publications"]) == 30 and version.snapshot["honors"] == []


@pytest.mark.parametrize("submit", [_web_submit, _api_submit], ids=["web", "api"])
def test_submit_of_a_dossier_with_every_section_filled_stays_within_the_budget(client, world, submit):
    """Every section has items, so the snapshot reads every one (the one-item sections together)."""
    from zhicheng.dossier import sections as sec

    fill_every_section(world.app)
    _login(client, world.applicant)
    assert submit(client, world.app) <= SUBMIT_BUDGET
    snap = world.app.versions.get().snapshot
    assert all(snap[s.key] for s in sec.SECTIONS)  # the test reads every section: none was empty
    assert snap["summary"][0]["fields"]["字数"] == "800" and snap["basic"][0]["fields"]["民族"] == "汉族"


def test_resubmission_after_a_return_stays_within_the_budget(client, world):
    """The open return is resolved and the form drafts dropped: those writes run only when there are any."""
    f.submitted(world.app)
    f.returned(world.app, world.hr)
    m.Draft.objects.create(application=world.app, section="work", form_key="new", data={"employer": "某单位"})
    _login(client, world.applicant)
    assert _web_submit(client, world.app) <= SUBMIT_BUDGET
    ret = world.app.returns.get()
    assert ret.resolved_version == 2 and not m.Draft.objects.filter(application=world.app).exists()


# ------------------------------------------------------------------------------- pages do not grow

# (who, url): {app} is a submitted dossier of world.unit (a small one, then one with ten times the items),
# {draft} the applicant's own draft, {campaign} world.campaign. Admins are the back-office roles.
PAGES = [
    # home page of every role
    ("applicant", "/"), ("hr", "/"), ("leader", "/"), ("assessor", "/"), ("office_reviewer", "/"),
    ("provincial", "/"), ("host_user", "/"), ("expert", "/"),
    (Role.SYSTEM_ADMIN, "/"), (Role.SECURITY_ADMIN, "/"), (Role.AUDIT_ADMIN, "/"),
    # application lists with filters
    ("hr", "/applications/"), ("hr", "/applications/?state=submitted"), ("hr", "/applications/?q=申报人"),
    ("hr", "/applications/?campaign={campaign}"), ("hr", "/applications/?page=2"),
    ("leader", "/applications/"), ("office_reviewer", "/applications/"),
    ("provincial", "/applications/"), ("provincial", "/applications/?state=submitted"),
    ("applicant", "/applications/"), ("applicant", "/applications/new/"),
    # one dossier: overview, sections, versions, receipts, printable forms
    ("applicant", "/applications/{draft}/"), ("applicant", "/applications/{draft}/s/basic/"),
    ("applicant", "/applications/{draft}/s/work/"), ("applicant", "/applications/{draft}/s/publications/"),
    ("applicant", "/applications/{draft}/s/assessments/"), ("applicant", "/applications/{draft}/s/attachments/"),
    ("applicant", "/applications/{draft}/doc/roster.html"),
    ("hr", "/applications/{app}/"), ("hr", "/applications/{app}/versions/"),
    ("hr", "/applications/{app}/versions/1/"), ("hr", "/applications/{app}/receipts/1/"),
    ("hr", "/applications/{app}/doc/roster.html"), ("hr", "/applications/{app}/doc/review_form.html"),
    ("hr", "/applications/{app}/actions/return/"),
    ("leader", "/applications/{app}/"),
    # campaigns and notices
    ("hr", "/campaigns/"), ("hr", "/campaigns/{campaign}/"), ("provincial", "/campaigns/"),
    ("office_reviewer", "/campaigns/"), ("applicant", "/campaigns/"),
    ("hr", "/notices/"), ("applicant", "/notices/"), (None, "/notices/"), (None, "/notices/campaigns/{campaign}/"),
    # people / roster
    ("hr", "/people/"), ("office_reviewer", "/people/"),
    # 消息 and the office's 审查时间安排 (issue 9)
    ("hr", "/messages/"), ("applicant", "/messages/"), ("office_reviewer", "/office/schedule/"),
    # §三 lists of the office (with §三 rows: tests/office_review/test_office_paging.py)
    ("office_reviewer", "/office/online/"), ("office_reviewer", "/office/prereview/"),
    ("office_reviewer", f"{API}/office/online/queue"), ("office_reviewer", "/messages/"),
    ("office_reviewer", "/office/forwarding/"), ("host_user", "/committee/experts/"),
    # back office
    (Role.SYSTEM_ADMIN, "/admin/"), (Role.SYSTEM_ADMIN, "/admin/codes/parameter/"),
    (Role.SECURITY_ADMIN, "/admin/orgs/user/"), (Role.AUDIT_ADMIN, "/admin/audit/auditevent/"),
    # the API
    ("hr", f"{API}/me"), ("hr", f"{API}/applications"), ("hr", f"{API}/applications?state=submitted"),
    ("provincial", f"{API}/applications"), ("applicant", f"{API}/applications"),
    ("hr", f"{API}/applications/{{app}}"), ("hr", f"{API}/applications/{{app}}/actions"),
    ("hr", f"{API}/applications/{{app}}/versions"), ("hr", f"{API}/applications/{{app}}/returns"),
    ("hr", f"{API}/applications/{{app}}/sections/work"),
    ("applicant", f"{API}/applications/{{draft}}/missing"),
    ("applicant", f"{API}/applications/{{draft}}/sections/publications"),
    ("hr", f"{API}/campaigns"), ("hr", f"{API}/campaigns/{{campaign}}"), ("provincial", f"{API}/campaigns"),
    ("hr", f"{API}/people"), ("office_reviewer", f"{API}/people"),
]


def _admin(world, role):
    u = f.user(role, world.province, name=f"管理员{role}")
    u.is_staff = u.is_superuser = True
    u.save()
    return u


def _scene(world, *, rows: int, items: int) -> dict:
    """`rows` more submitted applications, a notice each few, and a submitted dossier and a draft with
    `items` more items each: the values for PAGES' placeholders."""
    f.submitted_applications(world.campaign, rows)
    for i in range(max(1, rows // 5)):
        notices.publish(world.hr, publisher=world.unit, title=f"通知{i}", body="各单位：请按时申报。")
    dossier = f.fill_required(f.application(f.user(Role.APPLICANT, world.unit, name="大量条目"), world.campaign))
    _grow_items(dossier, items)
    f.submitted(dossier, fill=False)
    f.returned(dossier, world.hr)  # a return on record, then the second version
    f.submitted(dossier, fill=False)
    draft = f.application(f.user(Role.APPLICANT, world.unit, name="草稿人"), world.campaign)
    f.fill_required(draft)
    _grow_items(draft, items)
    return {"app": dossier.pk, "draft": draft.pk, "campaign": world.campaign.pk, "applicant": draft.applicant}


def _counts(client, world, scene: dict, admins: dict) -> dict:
    out = {}
    for who, url in PAGES:
        if who is None:
            client.logout()
        else:
            client.force_login(admins.get(who) or (scene["applicant"] if who == "applicant" else getattr(world, who)))
        count_queries(client, url.format(**scene))  # the session stamp, the parameter and code caches
        out[(who, url)] = count_queries(client, url.format(**scene))
    return out


def test_main_pages_do_not_grow_with_rows(client, world):
    """Every page of PAGES, measured on a small province, then again with ten times the applications and a
    dossier with ten times the items: no page sends more statements."""
    admins = {role: _admin(world, role) for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)}
    small = _counts(client, world, _scene(world, rows=2, items=2), admins)
    big = _counts(client, world, _scene(world, rows=20, items=20), admins)
    grown = {page: (small[page], n) for page, n in big.items() if n > small[page]}
    assert not grown, f"pages sending more queries with more data (small, big): {grown}"


# ------------------------------------------------------------------------------------------ §三 budgets

def test_overview_budget_through_the_office_stage_for_every_role(client, world):
    """Issue 7: the overview stays within its budget in every §三 state, for the office, the unit and the
    applicant (the §三 guards answer in page mode: the page offers a step, the step runs the full check)."""
    from zhicheng.office_review import handin, prereview

    from ..support import stage3_handin as s3

    (extra,) = s3.more_applications(world, "083")
    app, returned = s3.unit_submitted(world, [world.app, extra])
    seen = {}

    def look(a, *users):
        for u in users:
            _login(client, u)
            seen[(a.state, u.real_name)] = count_queries(client, f"/applications/{a.pk}/")

    look(app, world.office_reviewer, world.hr, app.applicant)
    prereview.prereview_return(world.office_reviewer, returned, items=[{"reason": "学历证书不清晰。",
                                                                         "sections": ["basic"]}])
    returned.refresh_from_db()
    look(returned, world.office_reviewer, world.hr, returned.applicant)
    s3.prereview_passed(world, app)
    look(app, world.office_reviewer, world.hr, app.applicant)
    s3.online_submitted(world, app)
    look(app, world.office_reviewer, world.hr, app.applicant)
    s3.handed_in(world, app)
    look(app, world.office_reviewer, app.applicant)
    handin.endorse(world.office_reviewer, app, text="经审查，同意呈报。", signer_name="孙处长")
    app.refresh_from_db()
    look(app, world.office_reviewer, app.applicant)
    assert {state for state, _ in seen} == {"unit_submitted", "prereview_returned", "prereview_passed",
                                            "online_submitted", "online_passed", "office_endorsed"}
    over = {k: n for k, n in seen.items() if n > OVERVIEW_BUDGET}
    assert not over, over
