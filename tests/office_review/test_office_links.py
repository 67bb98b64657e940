"""The §三 pages are reachable by links from where each user starts (found missing by the browser test of the
office stage), and the unit's 补充公示 form still posts to its own page after a refused resubmission."""

import datetime

import pytest
import time_machine
from django.test import Client

from zhicheng.office_review import online

from .. import factories as f
from ..support import stage3_prereview as s3
from ..support.stage3_prereview import engine_passes  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.dates, pytest.mark.usefixtures("engine_passes")]


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def returned(world):
    world.app = f.submitted(world.app)
    s3.online_batch(world, [world.app])
    s3.returned(world, world.app, items=[{"reason": "岗位填写有误。", "sections": ["basic"]}],
                on=datetime.date(2026, 11, 10))
    return world


def test_the_office_home_page_links_to_prereview_and_the_online_queue(world):
    html = client(world.office_reviewer).get("/").content.decode()
    assert 'href="/office/prereview/"' in html and 'href="/office/online/"' in html
    html = client(world.hr).get("/").content.decode()
    assert 'href="/office/prereview/"' not in html


def test_unit_hr_finds_the_correction_page_from_the_dossier_even_while_resubmission_is_refused(returned):
    w = returned
    link = f'href="/office/prereview/applications/{w.app.pk}/correction/"'
    assert link in client(w.hr).get(f"/applications/{w.app.pk}/").content.decode()
    for other in (w.applicant, w.office_reviewer):
        assert link not in client(other).get(f"/applications/{w.app.pk}/").content.decode()


def test_after_a_refused_resubmission_the_supplementary_form_posts_to_the_correction_page(returned):
    w = returned
    with time_machine.travel(s3.at(datetime.date(2026, 11, 12)), tick=False):
        r = client(w.hr).post(f"/office/prereview/applications/{w.app.pk}/resubmit/")
    html = r.content.decode()
    assert r.status_code >= 400 and "告知须补正的材料尚未修改" in html
    assert f'action="/office/prereview/applications/{w.app.pk}/correction/" enctype="multipart/form-data"' in html


def test_the_online_review_page_links_to_the_handin_page(world):
    world.app = f.submitted(world.app)
    s3.online_batch(world, [world.app])
    from zhicheng.office_review import prereview

    prereview.prereview_pass(world.office_reviewer, world.app)
    world.app.refresh_from_db()
    online.online_submit(world.applicant, world.app, confirmed=True)
    world.app.refresh_from_db()
    c = client(world.office_reviewer)
    link = f'href="/office/handin/{world.app.pk}/"'
    assert link in c.get(f"/office/online/{world.app.pk}/").content.decode()
    online.online_pass(world.office_reviewer, world.app)
    assert link in c.get(f"/office/online/{world.app.pk}/").content.decode()
