"""The 交卷审查 and 报送 pages and API: the office's own reviewers only (another office: 404), the same
services behind them, the home page's overdue list (red), and query counts that do not grow with the data."""

import datetime
import io

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from zhicheng.office_review import handin, schedule, transfer
from zhicheng.office_review.models import Forwarding, OfficeSchedule, PaperDossier, Route
from zhicheng.orgs.validators import mask_id_number
from zhicheng.workflow.states import State

from ..documents.pdfs import flat, text
from ..support import stage3_handin as s3
from ..support.queries import count_queries

API = "/api/v1"


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def three(world):
    return s3.three(world)


@pytest.fixture
def app(world):
    (app,) = s3.unit_submitted(world, [world.app])
    s3.online_passed(world, app)
    return app


def test_the_handin_page_records_paper_binding_fee_and_endorsement(world, app):
    s3.fee_rules()
    c = client(world.office_reviewer)
    page = c.get(f"/office/handin/{app.pk}/").content.decode()
    assert "尚未接收纸质材料" in page and "500" in page and "纸质材料尚未接收。" in page
    names = [i.name for i in handin.checklist(app.series)]
    r = c.post(f"/office/handin/{app.pk}/paper/", {"received_on": "2026-11-20", "items": names})
    assert r.status_code == 302
    assert PaperDossier.objects.get(application=app).complete
    c.post(f"/office/handin/{app.pk}/bind/")
    c.post(f"/office/handin/{app.pk}/fee/", {"receipt_no": "PJ-9", "paid_on": "2026-11-20"})
    r = c.post(f"/office/handin/{app.pk}/endorse/", {"text": "同意呈报。", "signer_name": "孙处长",
                                                      "signed_on": "2026-11-25"}, follow=True)
    assert "呈报意见已签署。" in r.content.decode()
    app.refresh_from_db()
    assert app.state == State.OFFICE_ENDORSED


def test_the_page_shows_every_refusal(world, app):
    c = client(world.office_reviewer)
    r = c.post(f"/office/handin/{app.pk}/endorse/", {"text": "同意呈报。", "signer_name": "孙处长"}, follow=True)
    page = r.content.decode()
    assert "纸质材料尚未接收。" in page and "评审费尚未缴纳。" in page


def test_another_office_sees_nothing(world, app):
    c = client(world.other_office_reviewer)
    assert c.get(f"/office/handin/{app.pk}/").status_code == 404
    assert c.post(f"/office/handin/{app.pk}/bind/").status_code == 404
    assert client(world.hr).get(f"/office/handin/{app.pk}/").status_code == 404
    api = client(world.other_office_reviewer)
    assert api.get(f"{API}/applications/{app.pk}/handin").status_code == 404
    r = api.post(f"{API}/applications/{app.pk}/handin/fee", {"receipt_no": "X", "paid_on": "2026-11-20"},
                 content_type="application/json")
    assert r.status_code == 404


def test_the_api_records_and_refuses_with_problems(world, app):
    c = client(world.office_reviewer)
    r = c.post(f"{API}/applications/{app.pk}/handin/endorse", {}, content_type="application/json")
    assert r.status_code == 422
    assert r.json()["detail"] == ["纸质材料尚未接收。", "评审费尚未缴纳。", "呈报意见尚未填写。", "呈报意见尚未签名。"]
    data = c.get(f"{API}/applications/{app.pk}/handin").json()
    r = c.post(f"{API}/applications/{app.pk}/handin/paper",
               {"received_on": "2026-11-20", "items": data["checklist"]}, content_type="application/json")
    assert r.status_code == 200 and r.json()["paper_complete"]
    assert c.post(f"{API}/applications/{app.pk}/handin/bind").json()["paper_bound"]
    s3.fee_rules()
    r = c.post(f"{API}/applications/{app.pk}/handin/fee", {"receipt_no": "PJ-1", "paid_on": "2026-11-20"},
               content_type="application/json")
    assert r.json()["fee_paid"] and r.json()["fee_receipt_no"] == "PJ-1"
    r = c.post(f"{API}/applications/{app.pk}/handin/endorse", {"text": "同意呈报。", "signer_name": "孙处长"},
               content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == State.OFFICE_ENDORSED


def test_forwarding_page_send_batch_and_transfer_list(three):
    w = three
    c = client(w.office_reviewer)
    page = c.get("/office/forwarding/").content.decode()
    assert "河北省工程技术评委会组建单位" in page and "省职改办抽查" in page and "暂停报送" in page
    r = c.post("/office/forwarding/send/", {"office": w.office.pk, "ids": [w.middle.pk]})
    batch = Forwarding.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/office/forwarding/{batch.pk}/"
    assert "申报人甲" in c.get(r["Location"]).content.decode()
    xlsx = c.get(f"/office/forwarding/{batch.pk}/transfer.xlsx")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.cell(2, 2).value == "申报人甲"
    pdf = c.get(f"/office/forwarding/{batch.pk}/transfer.pdf")
    assert pdf["Content-Type"] == "application/pdf" and "申报人甲" in flat(text(pdf.content))
    host = client(w.host_user)  # the receiver sees the batch it received
    assert host.get(f"/office/forwarding/{batch.pk}/transfer.pdf").status_code == 200
    other = client(w.other_office_reviewer)
    assert other.get(f"/office/forwarding/{batch.pk}/").status_code == 404
    assert other.get(f"/office/forwarding/{batch.pk}/transfer.xlsx").status_code == 404
    assert other.get(f"{API}/office/forwarding/{batch.pk}").status_code == 404
    assert client(w.hr).get("/office/forwarding/").status_code == 404


def test_forwarding_through_the_api(three):
    w = three
    c = client(w.office_reviewer)
    groups = c.get(f"{API}/office/forwarding").json()
    assert {(g["kind"], g["to"]) for g in groups} == {("host", "河北省工程技术评委会组建单位"),
                                                      ("province", "河北省职称改革领导小组办公室"), ("", "")}
    r = c.post(f"{API}/office/forwarding", {"application_ids": [w.senior.pk]}, content_type="application/json")
    assert r.status_code == 201 and r.json()["kind"] == "province"
    (row,) = r.json()["entries"]
    assert row["name"] == "张建国" and row["id_number_masked"] == mask_id_number(w.applicant.id_number)
    assert w.applicant.id_number not in r.content.decode()
    w.senior.refresh_from_db()
    assert w.senior.state == State.SPOT_CHECK
    r = c.post(f"{API}/office/forwarding", {"application_ids": [w.senior.pk]}, content_type="application/json")
    assert r.status_code == 422  # no longer waiting
    r = client(w.other_office_reviewer).post(f"{API}/office/forwarding", {"application_ids": [w.middle.pk]},
                                             content_type="application/json")
    assert r.status_code == 422 and Forwarding.objects.count() == 1
    batch_id = Forwarding.objects.get().pk
    assert c.get(f"{API}/office/forwarding/{batch_id}/transfer.xlsx").status_code == 200


def test_overdue_items_are_red_on_the_office_home_page_with_constant_queries(three):
    w = three
    schedule.set_step(w.office_reviewer, w.office, 2026, OfficeSchedule.Step.FORWARD,
                      starts_on=datetime.date(2026, 11, 30), working_days=5)
    c = client(w.office_reviewer)
    # an earlier batch on record, so that the paged 报送批次 list is not empty in either measurement
    Forwarding.objects.create(office=w.office, to_org=w.host, kind=Forwarding.Kind.HOST, year=2025,
                              created_by=w.office_reviewer)
    with time_machine.travel(datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert 'id="handin-overdue"' not in c.get("/").content.decode()  # the last day is not late
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC), tick=False):
        c = client(w.office_reviewer)
        page = c.get("/").content.decode()
        assert 'id="handin-overdue"' in page and "申报人甲" in page and "截止 2026年12月4日" in page
        many = count_queries(c, "/")
        page_many = count_queries(c, "/office/forwarding/")
        assert "已逾期" in c.get("/office/forwarding/").content.decode()
    Route.objects.create(series=w.junior.series, level="assistant", host=w.host)
    with time_machine.travel(datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        transfer.forward(w.office_reviewer, w.office, [w.middle, w.junior])
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC), tick=False):
        c = client(w.office_reviewer)
        c.get("/")
        assert count_queries(c, "/") == many
        assert count_queries(c, "/office/forwarding/") == page_many
    assert client(w.other_office_reviewer).get("/").content.decode().count("handin-overdue") == 0
