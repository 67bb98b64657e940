"""Issue 7: every main page of §二(二)–(六) sends no more statements once its rows are several times more.

A scene is one campaign of world.unit taken through the scoring services: a panel (chair first), three
(series, level) groups of `n` applications each — decided (集体研究确定), scored with a quota set, and still
being scored (assignments declared, some sheets submitted) — and `n` meetings hearing the open group. The
small scene is world.campaign; the big one a 2027 campaign with three times the applications, more
assessors, more dossier items, more meetings.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhicheng.scoring import meetings, services
from zhicheng.scoring.models import Assignment, Meeting

from .. import factories as f
from ..support import stage2
from ..support.filled import grow_every_section
from ..support.queries import page_counts

SMALL, BIG = 2, 6  # applications per group (and meetings, and items per dossier)
DECIDED, FINISHED, OPEN = "082", "083", "Z0801"  # one title per level of series 080

# (who, url): placeholders are the scene's values; who is a world attribute or a scene role.
PAGES = [
    # the campaign's scoring overview, for everyone in its scope
    ("hr", "/scoring/campaigns/{campaign}/"), ("leader", "/scoring/campaigns/{campaign}/"),
    ("chair", "/scoring/campaigns/{campaign}/"), ("member", "/scoring/campaigns/{campaign}/"),
    # assessors: assignment and progress
    ("hr", "/scoring/campaigns/{campaign}/assessors/"), ("chair", "/scoring/campaigns/{campaign}/assessors/"),
    # schemes
    ("hr", "/scoring/schemes/{scheme}/"), ("hr", "/scoring/schemes/{series_scheme}/"),
    # meetings: a new one, a held one (with the dossier's achievements opened for one applicant)
    ("hr", "/scoring/campaigns/{campaign}/meetings/new/"),
    ("hr", "/scoring/meetings/{meeting}/"), ("hr", "/scoring/meetings/{meeting}/?hearing={hearing}"),
    ("member", "/scoring/meetings/{meeting}/"), ("leader", "/scoring/meetings/{meeting}/"),
    ("chair", "/scoring/meetings/{meeting}/?hearing={hearing}"),
    # ranking sheets: decided, quota set, still scoring; for HR, the leader and the chair
    ("hr", "/scoring/campaigns/{campaign}/{series}/{decided}/"),
    ("hr", "/scoring/campaigns/{campaign}/{series}/{finished}/"),
    ("hr", "/scoring/campaigns/{campaign}/{series}/{open}/"),
    ("leader", "/scoring/campaigns/{campaign}/{series}/{decided}/"),
    ("leader", "/scoring/campaigns/{campaign}/{series}/{finished}/"),
    ("chair", "/scoring/campaigns/{campaign}/{series}/{decided}/"),
    # the printable sheet
    ("hr", "/scoring/campaigns/{campaign}/{series}/{decided}/sheet.xlsx"),
    ("hr", "/scoring/campaigns/{campaign}/{series}/{decided}/sheet.pdf"),
    ("leader", "/scoring/campaigns/{campaign}/{series}/{finished}/sheet.pdf"),
    ("chair", "/scoring/campaigns/{campaign}/{series}/{finished}/sheet.xlsx"),
    # the decision's minutes (scan)
    ("hr", "/scoring/decisions/{decision}/minutes/"), ("leader", "/scoring/decisions/{decision}/minutes/"),
    # an assessor's own pages: tasks, declaration, score sheet (open, then closed with the others' scores)
    ("member", "/"), ("member", "/scoring/mine/"), ("chair", "/scoring/mine/"),
    ("member", "/scoring/assignments/{undeclared}/declare/"),
    ("member", "/scoring/assignments/{scoring}/"), ("member", "/scoring/assignments/{closed}/"),
    ("member", "/applications/{scoring_app}/"),
]


def _dossiers(world, camp, n: int, code: str, items: int) -> list:
    """`n` verified applications for title `code`, each with `items` more items in every many-item section
    (what the rules compute from, what a hearing's report lists)."""
    apps = []
    for _ in range(n):
        app = f.fill_required(f.application(f.user("applicant", world.unit, name=f"申报人{code}"), camp, code))
        grow_every_section(app, items)
        apps.append(stage2.verified(f.submitted(app, fill=False), world.hr))
    return apps


def _assign(world, apps, panel, *, submit, declare_first=True) -> dict:
    """Every panel member assigned to every app and declared (the member's first one left undeclared when
    `declare_first` is false); `submit`: who submits a full sheet (the others keep a draft)."""
    out = {}
    for i, app in enumerate(apps):
        scheme = services.scheme_for(app.campaign, app.series_id, app.level)
        sheet = {c.code: str(min(5, c.max_points)) for c in services.assessor_categories(scheme)}
        for user in panel:
            asg = services.assign(world.hr, app, user)
            out[(app.pk, user.pk)] = asg
            if i == 0 and user == panel[1] and not declare_first:
                continue
            services.declare(user, asg)
            asg.refresh_from_db()
            services.save_scores(user, asg, sheet if user in submit else dict(list(sheet.items())[:2]),
                                 submit=user in submit)
    return out


def _scene(world, camp, n: int) -> dict:
    panel = stage2.panel_of(camp, world.unit, n - 1 if n > 2 else 2)  # chair first
    chair, member = panel[0], panel[1]
    decided = _dossiers(world, camp, n, DECIDED, n)
    finished = _dossiers(world, camp, n, FINISHED, n)
    open_ = _dossiers(world, camp, n, OPEN, n)
    series = decided[0].series
    series_scheme = services.add_series_scheme(world.hr, camp, series, open_[0].level)
    _assign(world, decided + finished, panel, submit=panel)
    services.finish_scoring(world.hr, camp, series, decided[0].level)
    services.finish_scoring(world.hr, camp, series, finished[0].level)
    services.set_quota(world.hr, camp, series, decided[0].level, n)
    decision = services.record_decision(
        world.leader, camp, series, decided[0].level, meeting_date=timezone.localdate(), leaders=[world.leader],
        decision="经单位领导班子集体研究，同意推荐。", minutes="会议纪要",
        minutes_upload=SimpleUploadedFile("纪要.pdf", f.pdf_bytes("会议纪要"), content_type="application/pdf"),
        recommended={a.pk for a in decided[1:]}, reasons={})  # all tied: no reason needed
    services.set_quota(world.hr, camp, series, finished[0].level, n - 1)
    asgs = _assign(world, open_, panel, submit=[chair], declare_first=False)
    held = []
    for i in range(n):
        mt = meetings.schedule(world.hr, camp, kind=Meeting.Kind.values[i % 2], held_on=datetime.date(2026, 11, 20),
                               place=f"第{i + 1}会议室", member_user_ids=[u.pk for u in panel],
                               application_ids=[a.pk for a in open_])
        held.append(mt)
    for h in held[0].hearings.all():
        meetings.record_hearing(member, h, report_summary="述职内容", questions="问题", answer_quality="good",
                                evaluation="评议")
    return {
        "campaign": camp.pk, "series": series.pk, "decided": decided[0].level, "finished": finished[0].level,
        "open": open_[0].level, "scheme": services.campaign_scheme(camp).pk, "series_scheme": series_scheme.pk,
        "meeting": held[0].pk, "hearing": held[0].hearings.order_by("order").last().pk,
        "undeclared": asgs[(open_[0].pk, member.pk)].pk, "scoring": asgs[(open_[1].pk, member.pk)].pk,
        "scoring_app": open_[1].pk,
        "closed": Assignment.objects.get(application=decided[0], assessor=member).pk,
        "decision": decision.pk, "chair": chair, "member": member,
    }


def _counts(client, world, scene: dict) -> dict:
    return page_counts(client, PAGES, lambda who: scene[who] if who in scene else getattr(world, who), scene)


def test_scoring_pages_do_not_grow_with_rows(client, world):
    """Every page of PAGES on the small scene, then on one with three times the rows: none sends more."""
    small_scene = _scene(world, world.campaign, SMALL)
    small = _counts(client, world, small_scene)
    big_scene = _scene(world, f.campaign(world.unit, world.hr, year=2027), BIG)
    big = _counts(client, world, big_scene)
    grown = {page: (small[page], n) for page, n in big.items() if n > small[page]}
    assert not grown, f"pages sending more queries with more rows (small, big): {grown}"
    # the big scene's pages do show its rows
    client.force_login(world.hr)
    page = client.get("/scoring/campaigns/{campaign}/{series}/{decided}/".format(**big_scene)).content.decode()
    assert page.count("<td>推荐</td>") == BIG - 1 and page.count("<td>不推荐</td>") == 1
    page = client.get("/scoring/meetings/{meeting}/".format(**big_scene)).content.decode()
    assert page.count('class="card" id="hearing-') == BIG
    page = client.get("/scoring/meetings/{meeting}/?hearing={hearing}".format(**big_scene)).content.decode()
    assert page.split('id="report"')[1].count("<li>") >= 4 * BIG  # papers, projects, awards, honors
    client.force_login(big_scene["member"])
    page = client.get("/scoring/assignments/{closed}/".format(**big_scene)).content.decode()
    assert page.split('id="others"')[1].count("<tr>") > BIG
