"""Query counts per page must not grow with the data: lists with the applications, a dossier with its items."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhicheng.codes.models import AssessmentResult
from zhicheng.dossier import models as m
from zhicheng.dossier import services

from .. import factories as f
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


def test_overview_facts_match_the_separate_reads(world):
    """The one facts query agrees with the counts and the completeness check read on their own."""
    f.fill_required(world.app, skip=("summary",))
    m.AnnualAssessment.objects.filter(application=world.app, year=world.campaign.year - 2).delete()
    facts = services.dossier_facts(world.app)
    assert (facts.counts, facts.reviews) == services.counts_and_reviews(world.app)
    assert services.missing_items(world.app, facts=facts) == services.missing_items(world.app)
    assert len(services.missing_items(world.app)) == 2 and facts.last_version == 0 and facts.drafts == 0
