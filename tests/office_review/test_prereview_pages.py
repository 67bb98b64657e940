"""§三(一) pages and API: the office's scope (another office sees nothing: 404/403), the forms, the one-time
password page, the unit's correction page, query counts that do not grow with the batches."""

import datetime

import pytest
import time_machine
from django.test import Client

from zhicheng.office_review import prereview
from zhicheng.workflow.states import State

from .. import factories as f
from ..support import stage3_prereview as s3
from ..support.queries import count_queries
from ..support.stage3_prereview import engine_passes  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.dates, pytest.mark.usefixtures("engine_passes")]

PAPER_ID = f.id_number(321, datetime.date(1980, 6, 1), female=True)


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def batch(world):
    world.app = f.submitted(world.app)
    world.sub, _ = s3.online_batch(world, [world.app])
    world.paper = s3.paper_batch(world, [("王明", PAPER_ID, "083", "输变电工程")])
    world.entry = world.paper.entries.get()
    return world


def test_the_office_sees_its_batches_with_counts_and_the_applicant_page(batch):
    w = batch
    c = client(w.office_reviewer)
    r = c.get("/office/prereview/")
    assert r.status_code == 200
    html = r.content.decode()
    assert html.count('<tr><td><a href="/office/prereview/batches/') == 2 and "线下审核推荐" in html
    assert "<td>1</td><td>0</td><td>1</td>" in html  # the online batch: 1 person, none to admit, 1 to review
    r = c.get(f"/office/prereview/batches/{w.paper.pk}/")
    assert "受理并预审" in r.content.decode() and PAPER_ID not in r.content.decode()
    r = c.get(f"/office/prereview/applications/{w.app.pk}/")
    assert r.status_code == 200 and "预审通过" in r.content.decode() and "申报材料摘要" in r.content.decode()
    assert 'id="eligibility"' in r.content.decode() and "学历要求" in r.content.decode()


def test_return_and_pass_through_the_pages(batch):
    w = batch
    c = client(w.office_reviewer)
    r = c.post(f"/office/prereview/applications/{w.app.pk}/return/", {"reason_0": "学历证书缺失。"})
    assert r.status_code == 422 and "须选择所涉及的材料部分" in r.content.decode()
    with time_machine.travel(s3.at(datetime.date(2026, 11, 10)), tick=False):
        r = c.post(f"/office/prereview/applications/{w.app.pk}/return/",
                    {"reason_0": "学历证书缺失。", "sections_0": ["education"]})
    assert r.status_code == 302
    w.app.refresh_from_db()
    assert (w.app.state, w.app.reopened_sections) == (State.PREREVIEW_RETURNED, ["education"])
    r = client(w.hr).get(f"/office/prereview/applications/{w.app.pk}/correction/")
    assert r.status_code == 200 and "2026年11月17日" in r.content.decode()
    assert client(w.other_hr).get(f"/office/prereview/applications/{w.app.pk}/correction/").status_code == 404


def test_paper_person_admitted_then_passed_shows_the_password_once(batch):
    w = batch
    c = client(w.office_reviewer)
    r = c.post(f"/office/prereview/batches/{w.paper.pk}/entries/{w.entry.pk}/admit/")
    w.entry.refresh_from_db()
    assert r.status_code == 302 and r["Location"] == f"/office/prereview/applications/{w.entry.application_id}/"
    r = c.post(f"/office/prereview/applications/{w.entry.application_id}/pass/", {"phone": "13800138000"})
    assert r.status_code == 200 and r["Cache-Control"].startswith("private, no-store")
    password = r.context["password"]
    assert password in r.content.decode() and PAPER_ID not in r.content.decode()
    w.entry.application.applicant.refresh_from_db()
    assert w.entry.application.applicant.check_password(password)


def test_another_office_gets_404_on_every_page_and_endpoint(batch):
    w = batch
    c = client(w.other_office_reviewer)
    assert "河北电力设计院" not in c.get("/office/prereview/").content.decode()
    for url in (f"/office/prereview/batches/{w.sub.pk}/", f"/office/prereview/applications/{w.app.pk}/"):
        assert c.get(url).status_code == 404
    for url in (f"/office/prereview/batches/{w.paper.pk}/entries/{w.entry.pk}/admit/",
                f"/office/prereview/applications/{w.app.pk}/return/",
                f"/office/prereview/applications/{w.app.pk}/pass/",
                f"/office/prereview/applications/{w.app.pk}/resubmit/"):
        assert c.post(url, {"reason_0": "x", "sections_0": ["basic"]}).status_code == 404
    assert c.get("/api/v1/office/prereview/batches").json() == {"items": [], "count": 0}
    assert c.get(f"/api/v1/office/prereview/batches/{w.sub.pk}/entries").status_code == 404
    assert c.post(f"/api/v1/office/prereview/batches/{w.paper.pk}/entries/{w.entry.pk}/admit").status_code == 404
    for action in ("pass", "return"):
        r = c.post(f"/api/v1/office/prereview/applications/{w.app.pk}/{action}", {}, content_type="application/json")
        assert r.status_code == 404
    w.app.refresh_from_db()
    assert w.app.state == State.UNIT_SUBMITTED
    # The office's own reviewer does not see an application its unit has not sent upward.
    draft = f.application(w.applicant2, w.campaign)
    assert client(w.office_reviewer).get(f"/office/prereview/applications/{draft.pk}/").status_code == 404


def test_unit_hr_has_no_office_pages_and_cannot_pass_its_own(batch):
    w = batch
    c = client(w.hr)
    assert c.get("/office/prereview/").status_code == 404
    assert c.get(f"/office/prereview/applications/{w.app.pk}/").status_code == 404
    assert c.get("/api/v1/office/prereview/batches").status_code == 403
    assert c.post(f"/api/v1/office/prereview/applications/{w.app.pk}/pass", {},
                  content_type="application/json").status_code == 404
    r = c.post(f"/api/v1/applications/{w.app.pk}/actions/prereview_pass", {}, content_type="application/json")
    assert r.status_code in (403, 404)
    w.app.refresh_from_db()
    assert w.app.state == State.UNIT_SUBMITTED


def test_api_lists_admits_returns_and_passes(batch):
    w = batch
    c = client(w.office_reviewer)
    rows = {b["kind"]: b for b in c.get("/api/v1/office/prereview/batches").json()["items"]}
    assert (rows["online"]["submitted"], rows["paper"]["unadmitted"]) == (1, 1)
    entries = c.get(f"/api/v1/office/prereview/batches/{w.paper.pk}/entries").json()
    assert entries[0]["id_number_masked"] != PAPER_ID and entries[0]["state"] == "unadmitted"
    r = c.post(f"/api/v1/office/prereview/batches/{w.paper.pk}/entries/{w.entry.pk}/admit")
    assert r.status_code == 201
    paper_app = r.json()["application_id"]
    r = c.post(f"/api/v1/office/prereview/applications/{paper_app}/pass", {"phone": "123"},
               content_type="application/json")
    assert r.status_code == 422 and "phone" in r.json()["fields"]
    r = c.post(f"/api/v1/office/prereview/applications/{paper_app}/pass", {"phone": "13800138000"},
               content_type="application/json")
    assert r.status_code == 200 and r.json()["initial_password"]
    r = c.post(f"/api/v1/office/prereview/applications/{w.app.pk}/return", {"items": []},
               content_type="application/json")
    assert r.status_code == 422
    with time_machine.travel(s3.at(datetime.date(2026, 11, 10)), tick=False):
        r = c.post(f"/api/v1/office/prereview/applications/{w.app.pk}/return",
                   {"items": [{"reason": "学历证书缺失。", "sections": ["education"]}]},
                   content_type="application/json")
    assert r.status_code == 201 and r.json()["deadline"] == "2026-11-17"


def test_the_dossier_action_buttons_use_the_same_services(batch):
    from zhicheng.workflow import actions

    w = batch
    offered = [t.action for t in actions.available(w.office_reviewer, w.app)]
    assert "prereview_pass" in offered and "prereview_return" in offered
    with time_machine.travel(s3.at(datetime.date(2026, 11, 10)), tick=False):
        actions.perform(w.app, "prereview_return", actor=w.office_reviewer, reason="工作经历不完整。",
                        data={"sections": ["work"]})
    w.app.refresh_from_db()
    assert w.app.reopened_sections == ["work"] and prereview.open_return(w.app).deadline == datetime.date(2026, 11, 17)


def test_batch_list_query_count_does_not_grow(batch):
    w = batch
    c = client(w.office_reviewer)
    url = "/office/prereview/"
    count_queries(c, url)  # the session and the user's roles read once
    before = count_queries(c, url)
    s3.paper_batch(w, [("赵一", f.id_number(322), "083", "电气"), ("钱二", f.id_number(323), "083", "电气")])
    s3.paper_batch(w, [("孙三", f.id_number(324), "083", "电气")])
    assert count_queries(c, url) == before
    api_before = count_queries(c, "/api/v1/office/prereview/batches")
    s3.paper_batch(w, [("李四", f.id_number(325), "083", "电气")])
    assert count_queries(c, "/api/v1/office/prereview/batches") == api_before
    entries_url = f"/office/prereview/batches/{w.paper.pk}/"
    n = count_queries(c, entries_url)
    prereview.admit_paper_entry(w.office_reviewer, w.entry)
    assert count_queries(c, entries_url) == n


def test_unit_hr_records_the_supplementary_notice_through_the_api(batch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = batch
    s3.returned(w, w.app, on=datetime.date(2026, 11, 10))
    url = f"/api/v1/office/prereview/applications/{w.app.pk}/supplementary-notice"
    data = {"starts_on": "2026-11-11", "ends_on": "2026-11-12"}
    assert client(w.other_hr).post(url, {**data, "scan": SimpleUploadedFile("a.pdf", f.pdf_bytes("x"))}).status_code == 404
    with time_machine.travel(s3.at(datetime.date(2026, 11, 13)), tick=False):
        r = client(w.hr).post(url, data)
        assert r.status_code == 422 and r.json()["fields"] == {"scan": ["请上传补充公示的扫描件。"]}
        r = client(w.hr).post(url, {**data, "scan": SimpleUploadedFile("a.pdf", f.pdf_bytes("补充公示"))})
    assert r.status_code == 201 and r.json()["fingerprint"] == prereview.current_fingerprint(w.app)
