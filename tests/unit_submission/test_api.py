"""/api/v1 of §二(八): the same rules as the pages (scope 404, forbidden 403, refusals 422/409)."""

import datetime
import io

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from zhicheng.unit_submission.models import Pledge, UnitOpinion, UnitSubmission
from zhicheng.workflow.states import State

from .. import factories as f
from .conftest import ready

API = "/api/v1"


def client(user) -> Client:
    c = Client(enforce_csrf_checks=False)
    c.force_login(user)
    return c


def test_readiness_and_submit(passed):
    c = client(passed.hr)
    r = c.get(f"{API}/unit-submission/campaigns/{passed.campaign.pk}/readiness")
    assert r.status_code == 200
    rows = {row["applicant"]: row for row in r.json()}
    assert rows["张建国"]["missing"] == ["单位意见尚未签署。", "申报人尚未确认真实性承诺书。", "单位领导尚未确认真实性承诺书。"]
    assert rows["张建国"]["notice_starts_on"] == "2026-11-02" and rows["张建国"]["ready"] is False
    r = c.post(f"{API}/unit-submission/campaigns/{passed.campaign.pk}/submit",
               {"application_ids": [passed.app.pk]}, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"][0] == "单位意见尚未签署。"
    ready(passed, passed.app)
    r = c.post(f"{API}/unit-submission/campaigns/{passed.campaign.pk}/submit",
               {"application_ids": [passed.app.pk]}, content_type="application/json")
    assert r.status_code == 201
    body = r.json()
    assert body["kind"] == "online" and body["entries"][0]["name"] == "张建国"
    assert body["entries"][0]["id_number_masked"] != passed.applicant.id_number
    assert body["entries"][0]["version_number"] == 1
    passed.app.refresh_from_db()
    assert passed.app.state == State.UNIT_SUBMITTED
    office = client(passed.office_reviewer)
    assert office.get(f"{API}/applications/{passed.app.pk}").status_code == 200
    assert [b["id"] for b in office.get(f"{API}/unit-submission/batches").json()["items"]] == [body["id"]]
    r = office.get(f"{API}/unit-submission/batches/{body['id']}/roster")
    assert r.status_code == 200
    assert load_workbook(io.BytesIO(b"".join(r.streaming_content))).active["B2"].value == "张建国"
    assert client(passed.other_office_reviewer).get(f"{API}/unit-submission/batches/{body['id']}").status_code == 404
    assert client(passed.other_office_reviewer).get(f"{API}/unit-submission/batches").json()["items"] == []


def test_empty_or_foreign_choice_is_refused(passed):
    c = client(passed.hr)
    url = f"{API}/unit-submission/campaigns/{passed.campaign.pk}/submit"
    r = c.post(url, {"application_ids": []}, content_type="application/json")
    assert r.status_code == 422 and r.json()["fields"]["applications"] == ["请至少选择一名拟上报人员。"]
    r = c.post(url, {"application_ids": [passed.other_app.pk]}, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"] == ["所选人员不可上报，请刷新页面后重试。"]


@pytest.mark.parametrize("who", ["applicant", "leader", "other_hr", "office_reviewer", "provincial"])
def test_only_the_units_hr_submits(passed, who):
    ready(passed, passed.app)
    c = client(getattr(passed, who))
    assert c.get(f"{API}/unit-submission/campaigns/{passed.campaign.pk}/readiness").status_code == 404
    r = c.post(f"{API}/unit-submission/campaigns/{passed.campaign.pk}/submit",
               {"application_ids": [passed.app.pk]}, content_type="application/json")
    assert r.status_code == 404
    r = c.post(f"{API}/applications/{passed.app.pk}/actions/unit_submit", {}, content_type="application/json")
    assert r.status_code in (403, 404)
    assert not UnitSubmission.objects.exists()


def test_opinion_edit_sign_and_freeze(passed):
    c = client(passed.hr)
    url = f"{API}/applications/{passed.app.pk}/unit-opinion"
    r = c.get(url)
    assert r.status_code == 200 and r.json()["review_text"].startswith("我单位已于2026年11月2日—2026年11月6日")
    assert r.json()["saved"] is False and r.json()["responsible_person"] == "陈院长"
    r = c.put(url, {"review_text": "", "roster_text": "准予申报", "responsible_person": "陈院长",
                    "opinion_date": "2026-13-01"}, content_type="application/json")
    assert r.status_code == 422 and set(r.json()["fields"]) == {"review_text", "opinion_date"}
    r = c.put(url, {"review_text": "同意推荐。", "roster_text": "准予申报", "responsible_person": "陈院长",
                    "opinion_date": "2026-11-10"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["saved"] is True
    r = client(passed.leader).post(url + "/sign", REMOTE_ADDR="203.0.113.8")
    assert r.status_code == 200 and r.json()["signed_by"] == "陈院长"
    assert UnitOpinion.objects.get().signed_ip == "203.0.113.8"
    r = c.put(url, {"review_text": "改", "roster_text": "改", "responsible_person": "陈院长",
                    "opinion_date": "2026-11-10"}, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"] == ["单位意见已签署，不能再修改。"]
    assert client(passed.applicant).get(url).status_code == 403
    assert client(passed.other_hr).get(url).status_code == 404


def test_opinion_before_the_notice_is_a_conflict(world):
    f.submitted(world.app)
    r = client(world.hr).get(f"{API}/applications/{world.app.pk}/unit-opinion")
    assert r.status_code == 409 and "公示结束且无异议后" in r.json()["detail"][0]


def test_pledge_confirm_with_ip_and_scan(passed):
    url = f"{API}/applications/{passed.app.pk}/pledge"
    r = client(passed.applicant).get(url)
    assert r.status_code == 200 and r.json()["paragraphs"][0].startswith("本人张建国")
    r = client(passed.applicant).post(url + "/confirm", REMOTE_ADDR="198.51.100.1")
    assert r.status_code == 200 and r.json()["applicant_confirmed"] is True and r.json()["leader_confirmed"] is False
    r = client(passed.leader).post(url + "/confirm", REMOTE_ADDR="198.51.100.2")
    assert r.json()["leader"] == "陈院长" and r.json()["leader_confirmed"] is True
    assert (Pledge.objects.get().applicant_ip, Pledge.objects.get().leader_ip) == ("198.51.100.1", "198.51.100.2")
    assert client(passed.hr).post(url + "/confirm").status_code == 403
    r = client(passed.applicant).post(url + "/confirm")
    assert r.status_code == 422 and r.json()["detail"] == ["您已确认过本承诺书。"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client(passed.hr).post(url + "/scan", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 broken")})
    assert r.status_code == 422 and r.json()["fields"]["file"]
    r = client(passed.hr).post(url + "/scan", {"file": SimpleUploadedFile("a.png", f.png_bytes())})
    assert r.status_code == 200 and r.json()["scan_uploaded"] is True
    r = client(passed.applicant).get(f"{API}/applications/{passed.app.pk}/pledge.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert client(passed.other_hr).get(url).status_code == 404


def test_paper_through_the_api(world):
    from .test_paper import AFTER, OUTSIDER_ID

    app = f.submitted(world.app)
    from django.core.files.uploadedfile import SimpleUploadedFile

    def scans():
        return {n: SimpleUploadedFile(f"{n}.pdf", f.pdf_bytes("扫描件"), content_type="application/pdf")
                for n in ("ranking_scan", "notice_scan", "opinion_scan")}

    url = f"{API}/unit-submission/campaigns/{world.campaign.pk}/paper"
    bad = OUTSIDER_ID[:-1] + ("0" if OUTSIDER_ID[-1] != "0" else "1")
    c = client(world.hr)
    with time_machine.travel(AFTER, tick=False):
        r = c.post(url, {**scans(), "notice_starts_on": "2026-11-02", "notice_ends_on": "2026-11-04",
                         "application_ids": [app.pk], "people": f"王明,{bad},083,输变电工程"})
        assert r.status_code == 422
        fields = r.json()["fields"]
        assert fields["notice_ends_on"] == ["公示期2026年11月2日—2026年11月4日只有3个工作日，不得少于5个工作日。"]
        assert fields["people"] == ["第1位线下人员（王明）：身份证号校验位错误，请核对后重新输入。"]
        r = c.post(url, {**scans(), "notice_starts_on": "2026-11-02", "notice_ends_on": "2026-11-06",
                         "application_ids": [app.pk], "people": f"王明,{OUTSIDER_ID},083,输变电工程"})
    assert r.status_code == 201, r.json()
    assert [e["name"] for e in r.json()["entries"]] == ["张建国", "王明"]
    assert r.json()["notice_ends_on"] == str(datetime.date(2026, 11, 6))
    assert client(world.applicant).post(url, {**scans()}).status_code == 404
