"""Query counts per page must not grow with the data: lists with the applications, a dossier with its items."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhicheng.campaigns.services import application_window
from zhicheng.codes.models import AssessmentResult, Parameter
from zhicheng.dossier import models as m
from zhicheng.dossier import services

from .. import factories as f
from ..support.filled import fill_every_section
from ..support.queries import count_queries


@pytest.mark.parametrize("who,url", [
    ("hr", "/applications/"),
    ("hr", "/"),
    ("provincial", "/applications/"),
    ("office_reviewer", "/applications/"),
    ("hr", "/api/v1/applications"),
])
def test_list_pages_do_not_grow_with_rows(client, world, who, url):
    client.force_login(getattr(world, who))
    f.submitted_applications(world.campaign, 2)
    before = count_queries(client, url)
    f.submitted_applications(world.campaign, 10)
    assert count_queries(client, url) <= before


@pytest.mark.parametrize("url", ["/applications/{pk}/", "/applications/{pk}/s/publications/",
                                 "/applications/{pk}/s/assessments/", "/applications/{pk}/s/attachments/",
                                 "/api/v1/applications/{pk}/sections/publications"])
def test_dossier_pages_do_not_grow_with_items(client, world, url):
    f.fill_required(world.app)
    client.force_login(world.applicant)
    url = url.format(pk=world.app.pk)
    before = count_queries(client, url)
    for i in range(30):
        m.Publication.objects.create(application=world.app, kind="paper", title=f"论文{i}", author_rank=1,
                                     journal="电力系统自动化", issn="1000-1026", published_on=datetime.date(2020, 1, 1))
    for y in range(1990, 2010):
        m.AnnualAssessment.objects.create(application=world.app, year=y,
                                          result=AssessmentResult.objects.first())
    assert count_queries(client, url) <= before


def test_snapshot_queries_do_not_grow(world):
    f.fill_required(world.app)
    with CaptureQueriesContext(connection) as a:
        services.snapshot(world.app)
    for i in range(20):
        m.WorkExperience.objects.create(application=world.app, start_date=datetime.date(2010, 1, 1),
                                        employer=f"单位{i}", position="工程师")
    with CaptureQueriesContext(connection) as b:
        services.snapshot(world.app)
    assert len(b) <= len(a)


def test_api_list_builds_only_the_requested_page(client, world):
    f.submitted_applications(world.campaign, 25)
    client.force_login(world.hr)
    r = client.get("/api/v1/applications?page=2")
    body = r.json()
    assert body["count"] == 25 and len(body["items"]) == 5  # 20 per page; the draft is not the unit's to see


def test_section_counts_take_one_query_for_all_sections(world):
    f.fill_required(world.app)
    with CaptureQueriesContext(connection) as q:
        counts, reviews = services.counts_and_reviews(world.app)
    assert len(q) == 1
    assert counts["basic"] == 1 and counts["assessments"] == 5 and counts["publications"] == 0
    assert counts["summary"] == 1 and set(reviews.values()) == {0}


# The overview's and submit's budgets (8 and 20) are in tests/web/test_query_budgets.py with every main page.


def test_scope_check_is_asked_once_per_record_and_again_once_it_changed(world):
    from zhicheng.orgs.scope import covering

    assert not covering(world.hr, world.app)  # a draft is the applicant's alone
    with CaptureQueriesContext(connection) as q:
        assert not covering(world.hr, world.app)
    assert len(q) == 0
    f.submitted(world.app)  # the object is refreshed: its state changed, the answer is asked again
    assert covering(world.hr, world.app)
    assert not covering(world.other_hr, world.app)


def test_facts_statement_counts_each_section_as_the_orm_does(world):
    """The facts statement (raw SQL, built once per process) against plain ORM reads of every table."""
    from zhicheng.dossier import sections as sec

    fill_every_section(world.app)
    other = f.fill_required(f.application(world.applicant2, world.campaign))  # must not be counted
    m.Publication.objects.filter(application=world.app).update(needs_review=True)
    m.WorkExperience.objects.create(application=world.app, start_date=datetime.date(2001, 1, 1), employer="某厂",
                                    position="技术员", needs_review=True)
    m.Draft.objects.create(application=world.app, section="work", form_key="new", data={})
    m.AnnualAssessment.objects.create(application=world.app, year=world.campaign.year - 9,
                                      result=AssessmentResult.objects.first())
    facts = services.dossier_facts(world.app)
    for s in sec.SECTIONS:
        model = services._section_model(s)
        assert facts.counts[s.key] == model.objects.filter(application=world.app).count(), s.key
        assert facts.reviews[s.key] == model.objects.filter(application=world.app, needs_review=True).count(), s.key
    assert facts.reviews["publications"] == 1 and facts.reviews["work"] == 1 and facts.counts["work"] == 2
    year = world.campaign.year
    assert facts.assessed_years == frozenset([*range(year - 5, year), year - 9]) and facts.report_years == 5
    assert facts.first_work_year == 2009
    assert facts.window == application_window(world.campaign) and facts.window[0] is not None
    assert (facts.last_version, facts.open_returns, facts.drafts) == (0, 0, 1)
    f.submitted(other, fill=False)
    f.returned(other, world.hr)
    f.submitted(other, fill=False)
    f.returned(other, world.hr)
    assert (services.dossier_facts(other).last_version, services.dossier_facts(other).open_returns) == (2, 1)
    assert services.dossier_facts(world.app).last_version == 0  # another dossier's versions are not counted
    Parameter.objects.update_or_create(key="work_report_years", defaults={"name": "述职重点年限", "value": 3})
    facts = services.dossier_facts(world.app)
    assert facts.report_years == 3 and services.missing_items(world.app, facts=facts) == []
    m.AnnualAssessment.objects.filter(application=world.app, year=year - 1).delete()
    assert services.missing_items(world.app, facts=services.dossier_facts(world.app)) == [
        f"年度考核缺少{year - 1}年度的结果（须填写近3年）。"]


def test_facts_statement_fits_psycopg_cache_of_converted_statements():
    """psycopg keeps a statement's converted text (placeholders to $n) only up to 4 KB and 50 parameters; a
    longer one is parsed again on every call (a twentieth of the overview's CPU). Every app's registered rows
    count: this fails when the statement outgrows the cache."""
    from psycopg._queries import MAX_CACHED_STATEMENT_LENGTH, MAX_CACHED_STATEMENT_PARAMS

    from zhicheng.dossier.services import facts

    for serial in (False, True):
        sql, markers = facts._facts_statement(connection, serial=serial)
        assert "UNION ALL" in sql and len(markers) > 20
        assert len(sql.encode()) <= MAX_CACHED_STATEMENT_LENGTH, (serial, len(sql.encode()))
        assert len(markers) <= MAX_CACHED_STATEMENT_PARAMS, (serial, len(markers))


def test_snapshot_reads_the_one_item_sections_together_and_keeps_the_fingerprint(world):
    """The joined read of the one-item sections gives the same snapshot (and check code) as reading each
    section on its own, and saves three queries on a full dossier."""
    fill_every_section(world.app)
    counts = services.section_counts(world.app)
    with CaptureQueriesContext(connection) as separate:
        one_by_one = services.snapshot(world.app)
    with CaptureQueriesContext(connection) as joined:
        together = services.snapshot(world.app, counts)
    assert together == one_by_one and services.fingerprint(together) == services.fingerprint(one_by_one)
    assert len(joined) <= len(separate) - 3  # and empty sections are not read at all
    assert together["achievement"][0]["fields"]["任现职以来主要业绩"] == "主持完成某220kV变电站电气设计。"
    m.CurrentTitle.objects.filter(application=world.app).delete()  # one missing one-item section
    counts = services.section_counts(world.app)
    assert services.snapshot(world.app, counts) == services.snapshot(world.app)
    assert services.snapshot(world.app, counts)["current_title"] == []


def test_fingerprint_of_a_given_snapshot_is_unchanged():
    """Check codes printed on paper forms of existing versions must stay valid: the canonical JSON and the
    digest are fixed."""
    snap = {"header": {"申报人": "张三", "申报职称": "高级工程师"},
            "basic": [{"id": 7, "fields": {"民族": "汉族", "参加工作时间": "2008年7月1日"}}], "honors": []}
    assert services.fingerprint(snap) == PINNED_FINGERPRINT


PINNED_FINGERPRINT = "690a89671e4f"  # computed before the CPU cuts (issue 7)


def test_overview_facts_match_the_separate_reads(world):
    """The one facts query agrees with the counts and the completeness check read on their own."""
    f.fill_required(world.app, skip=("summary",))
    m.AnnualAssessment.objects.filter(application=world.app, year=world.campaign.year - 2).delete()
    facts = services.dossier_facts(world.app)
    assert (facts.counts, facts.reviews) == services.counts_and_reviews(world.app)
    assert services.missing_items(world.app, facts=facts) == services.missing_items(world.app)
    assert len(services.missing_items(world.app)) == 2 and facts.last_version == 0 and facts.drafts == 0


def test_overview_links_every_section_to_its_page(client, world):
    """The section links are built from one reverse (issue 7): each still leads to its own page."""
    from django.urls import reverse

    from zhicheng.dossier import sections as sec

    client.force_login(world.applicant)
    body = client.get(f"/applications/{world.app.pk}/").content.decode()
    for i, s in enumerate(sec.SECTIONS, 1):
        url = reverse("section", args=[world.app.pk, s.key])
        assert f'<a href="{url}">{i}. {s.label}</a>' in body
        assert client.get(url).status_code == 200
