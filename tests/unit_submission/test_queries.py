"""Issue 7: every main page of §二(八) sends no more statements once its rows are several times more.

A scene is one campaign of world.unit with `n` applications in each group: submitted online as one batch,
ready (opinion signed, pledge confirmed by both, scan uploaded) but not yet submitted, past the notice with
nothing done, and submitted to the unit only, then recorded on paper with `n` people without an application.
The small scene is world.campaign; the big one a 2027 campaign with three times the rows.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.unit_submission import services
from zhicheng.unit_submission.models import UnitSubmission
from zhicheng.unit_submission.services import PaperPerson

from .. import factories as f
from ..support import stage2
from ..support.queries import count_queries, page_counts
from .conftest import ready

SMALL, BIG = 2, 6  # applications per group, batches' entries, people recorded on paper
PUBLISHED = datetime.date(2026, 10, 30)  # the notice runs 2026-11-02—2026-11-06
AFTER = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))

BATCH, PAPER = "/unit-submission/batches/{online}/", "/unit-submission/batches/{paper}/"
OPINION, PLEDGE = "/unit-submission/applications/{}/opinion/", "/unit-submission/applications/{}/pledge/"

# (who, url): placeholders are the scene's values; who is a world attribute or a scene role.
PAGES = [
    # HR's submission page and the paper path's page
    ("hr", "/unit-submission/campaigns/{campaign}/"), ("hr", "/unit-submission/campaigns/{campaign}/paper/"),
    # batches: the list, an online and a paper batch, their files; for the unit and the offices above it
    ("hr", "/unit-submission/batches/"), ("leader", "/unit-submission/batches/"),
    ("office_reviewer", "/unit-submission/batches/"), ("provincial", "/unit-submission/batches/"),
    ("hr", BATCH), ("leader", BATCH), ("office_reviewer", BATCH), ("provincial", BATCH),
    ("hr", PAPER), ("office_reviewer", PAPER),
    ("hr", BATCH + "roster.xlsx"), ("office_reviewer", PAPER + "roster.xlsx"),
    ("office_reviewer", PAPER + "files/ranking_scan/"),
    # 单位意见: not yet signed (the filled-in default), signed
    ("hr", OPINION.format("{waiting}")), ("leader", OPINION.format("{waiting}")),
    ("hr", OPINION.format("{ready}")), ("leader", OPINION.format("{ready}")),
    # 承诺书: the page, its PDF and its scan, for the applicant, the unit and (once submitted) the office
    ("ready_applicant", PLEDGE.format("{ready}")), ("hr", PLEDGE.format("{ready}")),
    ("leader", PLEDGE.format("{ready}")), ("waiting_applicant", PLEDGE.format("{waiting}")),
    ("office_reviewer", PLEDGE.format("{submitted}")),
    ("ready_applicant", "/unit-submission/applications/{ready}/pledge.pdf"),
    ("leader", "/unit-submission/applications/{waiting}/pledge.pdf"),
    ("office_reviewer", "/unit-submission/applications/{submitted}/pledge.pdf"),
    ("hr", "/unit-submission/applications/{ready}/pledge/scan/file/"),
    # the printed forms with the unit's opinion in them (unsigned, signed, submitted, paper)
    ("hr", "/applications/{waiting}/doc/review_form.html"), ("hr", "/applications/{ready}/doc/roster.html"),
    ("office_reviewer", "/applications/{submitted}/doc/review_form.html"),
    ("office_reviewer", "/applications/{paper_app}/doc/roster.html"),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", f.pdf_bytes("扫描件"), content_type="application/pdf")


def _scene(world, camp, n: int, first_person: int) -> dict:
    online, ready_, waiting = (f.submitted_applications(camp, n) for _ in range(3))
    stage2.passed_notice(online + ready_ + waiting, world.hr, published_on=PUBLISHED)
    for app in online + ready_:
        app.refresh_from_db()
        ready(world, app)
        services.upload_pledge_scan(world.hr, app, _pdf("承诺书"))
    batch = services.submit_batch(world.hr, camp, online)
    paper_apps = f.submitted_applications(camp, n)
    people = [PaperPerson(f"线下{i}", f.id_number(i, datetime.date(1980, 6, 1), female=True), "083", "输变电工程")
              for i in range(first_person, first_person + n)]
    with time_machine.travel(AFTER, tick=False):
        paper = services.record_paper_outcome(
            world.hr, camp, ranking_scan=_pdf("排名表"), notice_scan=_pdf("公示"), opinion_scan=_pdf("单位意见"),
            notice_starts_on=datetime.date(2026, 11, 2), notice_ends_on=datetime.date(2026, 11, 6),
            opinion_text="经公示无异议，同意推荐。", application_ids=[a.pk for a in paper_apps], people=people)
    return {"campaign": camp.pk, "online": batch.pk, "paper": paper.pk, "ready": ready_[0].pk,
            "waiting": waiting[0].pk, "submitted": online[0].pk, "paper_app": paper_apps[0].pk,
            "ready_applicant": ready_[0].applicant, "waiting_applicant": waiting[0].applicant}


def _counts(client, world, scene: dict) -> dict:
    return page_counts(client, PAGES, lambda who: scene[who] if who in scene else getattr(world, who), scene)


def test_unit_submission_pages_do_not_grow_with_rows(client, world):
    """Every page of PAGES on the small scene, then on one with three times the rows: none sends more."""
    small_scene = _scene(world, world.campaign, SMALL, 100)
    small = _counts(client, world, small_scene)
    big_scene = _scene(world, f.campaign(world.unit, world.hr, year=2027), BIG, 200)
    big = _counts(client, world, big_scene)
    grown = {page: (small[page], n) for page, n in big.items() if n > small[page]}
    assert not grown, f"pages sending more queries with more rows (small, big): {grown}"
    # the big scene's pages do show its rows
    client.force_login(world.hr)
    page = client.get("/unit-submission/campaigns/{campaign}/".format(**big_scene)).content.decode()
    assert page.count('<tr id="row-') == 2 * BIG and f"可上报 {BIG} 人" in page
    page = client.get(PAPER.format(**big_scene)).content.decode()
    assert page.split('id="entries"')[1].count("<tr>") == 1 + 2 * BIG
    client.force_login(world.office_reviewer)
    page = client.get(BATCH.format(**big_scene)).content.decode()
    assert page.split('id="entries"')[1].count("<tr>") == 1 + BIG
    page = client.get("/unit-submission/batches/").content.decode()
    assert page.split('id="batch-list"')[1].count("<tr>") == 1 + 4


# ------------------------------------------------------------------------------------------ batch list

def _batches(world, camp, n: int, start: int) -> list[int]:
    """SHORTCUT: `n` batch records only (no entries, no state moved), one a day from 2026-11-01 + `start`."""
    out = []
    for i in range(start, start + n):
        sub = UnitSubmission.objects.create(campaign=camp, unit=camp.unit, submitted_by=world.hr)
        UnitSubmission.objects.filter(pk=sub.pk).update(submitted_at=AFTER + datetime.timedelta(days=i - 19))
        out.append(sub.pk)
    return out


BATCH_LINK = r'href="/unit-submission/batches/(\d+)/"'


def _listed(client, url: str) -> list[int]:
    """The batch ids of every page of the list, following 下一页."""
    seen, page = [], 1
    while True:
        html = client.get(f"{url}?page={page}").content.decode()
        seen += [int(pk) for pk in re.findall(BATCH_LINK, html)]
        if 'rel="next"' not in html:
            return seen
        page += 1


def test_the_batch_list_pages_every_batch_once_newest_first(client, world):
    """The list was cut at 200 without a word: it pages, 20 a page, with the same statements on every page
    and for more batches; each reader still sees only the batches in scope."""
    mine = _batches(world, world.campaign, 23, 0)
    theirs = UnitSubmission.objects.create(campaign=world.other_campaign, unit=world.other_unit,
                                           submitted_by=world.other_hr).pk
    client.force_login(world.office_reviewer)
    first = client.get("/unit-submission/batches/").content.decode()
    assert "共 23 条，第 1/2 页" in first and len(re.findall(BATCH_LINK, first)) == 20
    assert _listed(client, "/unit-submission/batches/") == mine[::-1]
    client.force_login(world.provincial)
    assert _listed(client, "/unit-submission/batches/") == [theirs] + mine[::-1]
    queries = count_queries(client, "/unit-submission/batches/?page=1")
    assert count_queries(client, "/unit-submission/batches/?page=2") == queries
    _batches(world, world.campaign, 30, 23)
    assert count_queries(client, "/unit-submission/batches/?page=3") == queries
