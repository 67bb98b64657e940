"""Review fix of §三's navigation: every new page is reached by clicking from the home page and the dossier
page, for whoever has the work there (and nobody else); the links cost no query."""

import datetime

import pytest
from django.test import Client

from zhicheng.office_review import prereview

from ..support import stage3_handin as s3h
from ..support import stage3_prereview as s3
from ..support.queries import count_queries
from ..support.stage3_prereview import engine_passes  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("engine_passes")]

LINKS = ("prereview-link", "online-review-link", "handin-link", "correction-link")


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def no_query_added(user, app) -> bool:
    """The links are built from the state and the role (the scope read with the row): not one more query.
    (§三 states cost more than the overview's budget of 8 for other reasons: the guards behind the buttons.)"""
    from zhicheng.dossier import views

    c = client(user)
    url = f"/applications/{app.pk}/"
    count_queries(c, url)
    with_links = count_queries(c, url)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(views, "stage_links", lambda user, app: [])
        without = count_queries(c, url)
    return with_links == without


def links_on(user, app) -> set[str]:
    html = client(user).get(f"/applications/{app.pk}/").content.decode()
    return {name for name in LINKS if f'id="{name}"' in html}


def test_the_office_reviewers_home_page_links_every_office_page(world):
    html = client(world.office_reviewer).get("/").content.decode()
    for url in ("/office/prereview/", "/office/online/", "/office/forwarding/", "/office/schedule/",
                "/applications/?state=online_passed"):
        assert f'href="{url}"' in html, url
    assert 'id="office-card"' not in client(world.hr).get("/").content.decode()
    assert 'id="office-card"' not in client(world.applicant).get("/").content.decode()


def test_unit_submitted_leads_the_office_reviewer_to_the_prereview_page(world):
    w = world
    app = s3h.unit_submitted(w, [w.app])[0]
    html = client(w.office_reviewer).get(f"/applications/{app.pk}/").content.decode()
    assert f'id="prereview-link" href="/office/prereview/applications/{app.pk}/">资格预审</a>' in html
    assert links_on(w.hr, app) == set() and links_on(w.applicant, app) == set()
    assert client(w.other_office_reviewer).get(f"/applications/{app.pk}/").status_code == 404
    assert no_query_added(w.office_reviewer, app)


def test_a_returned_prereview_leads_unit_hr_to_the_correction_page(world):
    w = world
    app = s3h.unit_submitted(w, [w.app])[0]
    s3.returned(w, app, items=[{"reason": "岗位有误。", "sections": ["basic"]}], on=datetime.date(2026, 11, 10))
    html = client(w.hr).get(f"/applications/{app.pk}/").content.decode()
    assert f'id="correction-link" href="/office/prereview/applications/{app.pk}/correction/"' in html
    assert links_on(w.office_reviewer, app) == set() and links_on(w.applicant, app) == set()
    assert no_query_added(w.hr, app)


def test_online_submitted_leads_to_the_online_review(world):
    w = world
    app = s3h.online_submitted(w, s3h.unit_submitted(w, [w.app])[0])
    html = client(w.office_reviewer).get(f"/applications/{app.pk}/").content.decode()
    assert f'id="online-review-link" href="/office/online/{app.pk}/">网上审核（对照差异、退回）</a>' in html
    assert 'id="action-online_return"' not in html  # the return needs its sections: the review page does it
    assert links_on(w.applicant, app) == set()
    assert no_query_added(w.office_reviewer, app)


def test_online_passed_and_endorsed_lead_to_the_handin_page(world):
    w = world
    app = s3h.online_passed(w, s3h.unit_submitted(w, [w.app])[0])
    expected = f'id="handin-link" href="/office/handin/{app.pk}/">交卷审查（纸质材料、评审费、呈报意见）</a>'
    assert expected in client(w.office_reviewer).get(f"/applications/{app.pk}/").content.decode()
    assert links_on(w.hr, app) == set()
    assert no_query_added(w.office_reviewer, app)
    s3h.endorsed(w, app)
    assert expected in client(w.office_reviewer).get(f"/applications/{app.pk}/").content.decode()
    assert client(w.office_reviewer).get(f"/office/handin/{app.pk}/").status_code == 200


def test_the_prereview_page_is_reached_on_the_paper_path_too(world):
    w = world
    entry = s3.paper_batch(w, [("王明", s3.f.id_number(321), "083", "输变电工程")]).entries.get()
    app = prereview.admit_paper_entry(w.office_reviewer, entry)
    assert links_on(w.office_reviewer, app) == {"prereview-link"}
