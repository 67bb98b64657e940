"""Statements compiled once per thread give exactly what the ORM gives, for any parameter values."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhicheng import querycache
from zhicheng.dossier.models import Application
from zhicheng.dossier.permissions import PAGE_ROW, page_application
from zhicheng.orgs.models import User
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import adopt_coverage, covering, with_coverage

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = f.org("省职改办", "province")
    office = f.org("市人社局", "office", province)
    unit = f.org("市第一医院", "unit", office)
    other = f.org("市第二医院", "unit", office)
    hr = f.user(Role.UNIT_HR, unit)
    camp = f.campaign(unit, hr)
    apps = [f.application(f.user(Role.APPLICANT, unit, name=f"申报人{i}"), camp) for i in range(3)]
    return {"unit": unit, "other": other, "hr": hr, "apps": apps, "camp": camp}


def _same(a, b):
    assert type(a) is type(b) and a.pk == b.pk
    assert {k: v for k, v in a.__dict__.items() if not k.startswith("_")} == \
        {k: v for k, v in b.__dict__.items() if not k.startswith("_")}


def test_rows_related_objects_and_annotations_are_those_of_the_orm(world):
    querycache.clear()
    hr = world["hr"]
    for app in world["apps"]:
        got = page_application(hr, app.pk)
        want = with_coverage(hr, PAGE_ROW).get(pk=app.pk)
        _same(got, want)
        for rel in ("applicant", "unit", "campaign", "title", "series"):
            _same(getattr(got, rel), getattr(want, rel))
        adopt_coverage(hr, want)
        assert bool(covering(hr, got)) == bool(covering(hr, want)) is False  # a draft is the applicant's alone
        assert bool(covering(app.applicant, page_application(app.applicant, app.pk)))


def test_the_statement_is_composed_once_and_run_once_per_call(world):
    querycache.clear()
    hr, (a, b, _c) = world["hr"], world["apps"]
    page_application(hr, a.pk)
    with CaptureQueriesContext(connection) as q:
        assert page_application(hr, b.pk).pk == b.pk
    assert len(q) == 1 and str(b.pk) in q[0]["sql"]
    assert page_application(hr, 10**9) is None


def test_scope_checks_follow_the_user_not_the_first_caller(world):
    """The key names the user's assignments: an HR of another unit gets the same row with 'not covered'."""
    querycache.clear()
    app = world["apps"][0]
    stranger = f.user(Role.UNIT_HR, world["other"])
    submitted = f.submitted(app)
    assert bool(covering(world["hr"], page_application(world["hr"], submitted.pk)))
    assert not bool(covering(stranger, page_application(stranger, submitted.pk)))
    assert bool(covering(submitted.applicant, page_application(submitted.applicant, submitted.pk)))


@pytest.mark.django_db(transaction=True)
def test_string_parameters_and_every_thread_its_own_statement():
    querycache.clear()
    users = [f.user(name=f"用户{i}") for i in range(3)]
    found = {}

    def look(u):
        found[u.pk] = querycache.fetch(("t.by_name",), lambda n: User.objects.filter(username=n), u.username)

    look(users[0])
    t = threading.Thread(target=look, args=(users[1],))
    t.start()
    t.join()
    look(users[2])
    assert {pk: [x.pk for x in rows] for pk, rows in found.items()} == {u.pk: [u.pk] for u in users}


def test_a_value_that_is_not_a_parameter_of_the_statement_is_refused():
    querycache.clear()
    with pytest.raises(ValueError):
        querycache.fetch(("t.ignored",), lambda p: Application.objects.all(), 5)
    with pytest.raises(TypeError):
        querycache.fetch(("t.date",), lambda d: Application.objects.filter(created_at__gt=d), object())


def test_a_sections_rows_drafts_and_proofs_are_those_of_the_orm(world):
    """The section page's reads (zhicheng.dossier.sections.items, services.get_draft, the section's proofs) run
    through compiled statements: each gives the ORM's rows, for this application only."""
    from zhicheng.dossier import models as m
    from zhicheng.dossier import sections as sec
    from zhicheng.dossier.services import get_draft, save_draft

    querycache.clear()
    mine, other = world["apps"][0], world["apps"][1]
    for app in (other, mine):  # the other application first: its rows must not leak into mine
        f.fill_required(app)
        m.Attachment.objects.create(application=app, section="education", description="学位证",
                                    file=m.WorkSummary.objects.get(application=app).file)
        save_draft(app.applicant, app, "publications", "new", {"title": f"草稿{app.pk}"})
    for section in sec.SECTIONS:
        if section.model is None and section.key not in ("summary", "attachments"):
            continue
        for app in (mine, other):
            got = sec.items(app, section)
            if section.key == "summary":
                want = list(m.WorkSummary.objects.filter(application=app).select_related("file"))
            elif section.key == "attachments":
                want = list(m.Attachment.objects.filter(application=app).select_related("file"))
            else:
                want = list(section.model.objects.filter(application=app))
            assert [o.pk for o in got] == [o.pk for o in want], section.key
            for a, b in zip(got, want, strict=True):
                _same(a, b)
                assert a.application_id == app.pk
    assert get_draft(mine, "publications", "new").data["title"] == f"草稿{mine.pk}"
    assert get_draft(other, "publications", "new").data["title"] == f"草稿{other.pk}"
    assert get_draft(mine, "publications", "7") is None and get_draft(mine, "honors", "new") is None
