"""§二(八) pages: HR's submission page, the opinion and pledge pages, batches; scope and query counts."""

import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from zhicheng.audit.models import AuditEvent
from zhicheng.unit_submission import services
from zhicheng.unit_submission.models import Pledge, UnitOpinion, UnitSubmission
from zhicheng.workflow.states import State

from .. import factories as f
from ..support import stage2
from .conftest import ready


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_submission_page_shows_who_is_ready_and_what_is_missing(passed):
    ready(passed, passed.app)
    page = client(passed.hr).get(f"/unit-submission/campaigns/{passed.campaign.pk}/").content.decode()
    assert f'id="pick-{passed.app.pk}"' in page and f'id="pick-{passed.app2.pk}"' not in page
    assert "可上报 1 人" in page and "2026年11月2日—2026年11月6日" in page
    assert "单位意见尚未签署。" in page and "申报人尚未确认真实性承诺书。" in page
    assert 'data-confirm="所选人员将作为一批推荐上报至主管部门' in page


def test_submit_from_the_page_then_the_office_sees_the_batch(passed):
    ready(passed, passed.app)
    c = client(passed.hr)
    office = client(passed.office_reviewer)
    assert office.get(f"/applications/{passed.app.pk}/").status_code == 404  # not before
    r = c.post(f"/unit-submission/campaigns/{passed.campaign.pk}/", {"applications": [passed.app.pk]})
    sub = UnitSubmission.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/unit-submission/batches/{sub.pk}/"
    passed.app.refresh_from_db()
    assert passed.app.state == State.UNIT_SUBMITTED
    assert office.get(f"/applications/{passed.app.pk}/").status_code == 200
    assert office.get(f"/unit-submission/batches/{sub.pk}/").status_code == 200
    assert "河北电力设计院" in office.get("/unit-submission/batches/").content.decode()
    r = office.get(f"/unit-submission/batches/{sub.pk}/roster.xlsx")
    assert r.status_code == 200 and r["Content-Type"] == services.XLSX_TYPE
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    assert ws["B2"].value == "张建国" and ws["D2"].value == passed.applicant.id_number
    assert AuditEvent.objects.filter(action="roster_downloaded", actor=passed.office_reviewer).count() == 1
    assert office.get(f"/unit-submission/applications/{passed.app.pk}/pledge.pdf").status_code == 200
    for outsider in (passed.other_office_reviewer, passed.other_hr, passed.applicant2):
        assert client(outsider).get(f"/unit-submission/batches/{sub.pk}/").status_code == 404, outsider
        assert client(outsider).get(f"/unit-submission/batches/{sub.pk}/roster.xlsx").status_code == 404


def test_a_choice_not_ready_is_refused_with_a_message(passed):
    r = client(passed.hr).post(f"/unit-submission/campaigns/{passed.campaign.pk}/", {"applications": [passed.app.pk]})
    assert r.status_code == 200 and "所选人员不可上报，请刷新页面后重试。" in r.content.decode()
    r = client(passed.hr).post(f"/unit-submission/campaigns/{passed.campaign.pk}/", {})
    assert "请至少选择一名拟上报人员。" in r.content.decode()
    passed.app.refresh_from_db()
    assert passed.app.state == State.NOTICE_PASSED


@pytest.mark.parametrize("who", ["applicant", "leader", "assessor", "other_hr", "office_reviewer", "provincial",
                                 "host_user", "expert"])
def test_only_the_units_hr_has_the_submission_pages(passed, who):
    c = client(getattr(passed, who))
    for url in (f"/unit-submission/campaigns/{passed.campaign.pk}/",
                f"/unit-submission/campaigns/{passed.campaign.pk}/paper/"):
        assert c.get(url).status_code == 404
        assert c.post(url, {"applications": [passed.app.pk]}).status_code == 404
    passed.app.refresh_from_db()
    assert passed.app.state == State.NOTICE_PASSED


def test_opinion_page_edit_then_sign(passed):
    c = client(passed.hr)
    url = f"/unit-submission/applications/{passed.app.pk}/opinion/"
    page = c.get(url).content.decode()
    assert "我单位已于2026年11月2日—2026年11月6日" in page and "陈院长" in page
    r = c.post(url, {"review_text": "经公示无异议，同意推荐。", "roster_text": "准予申报", "responsible_person": "",
                     "opinion_date": "2026-02-30"})
    body = r.content.decode()
    assert r.status_code == 200 and "此项为必填项。" in body and "请输入有效日期" in body
    r = c.post(url, {"review_text": "经公示无异议，同意推荐。", "roster_text": "准予申报", "responsible_person": "陈院长",
                     "opinion_date": "2026-11-10"})
    assert r.status_code == 302 and UnitOpinion.objects.get().review_text == "经公示无异议，同意推荐。"
    r = client(passed.leader).post(url + "sign/", REMOTE_ADDR="203.0.113.7")
    assert r.status_code == 302
    opinion = UnitOpinion.objects.get()
    assert opinion.signed_by == passed.leader and opinion.signed_ip == "203.0.113.7"
    page = c.get(url).content.decode()
    assert 'id="signed-opinion"' in page and 'id="opinion-form"' not in page
    c.post(url, {"review_text": "改", "roster_text": "改", "responsible_person": "陈院长", "opinion_date": "2026-11-10"})
    assert UnitOpinion.objects.get().review_text == "经公示无异议，同意推荐。"


def test_opinion_page_scope(passed):
    url = f"/unit-submission/applications/{passed.app.pk}/opinion/"
    assert client(passed.other_hr).get(url).status_code == 404
    assert client(passed.office_reviewer).get(url).status_code == 404
    assert client(passed.applicant).get(url).status_code == 403
    assert client(passed.applicant).post(url + "sign/").status_code == 403
    assert not UnitOpinion.objects.exists()


def test_pledge_page_confirm_records_the_clients_ip(passed):
    url = f"/unit-submission/applications/{passed.app.pk}/pledge/"
    page = client(passed.applicant).get(url).content.decode()
    assert "本人张建国，系河北电力设计院专业技术人员" in page and 'id="confirm-pledge"' in page
    assert client(passed.applicant).post(url + "confirm/", REMOTE_ADDR="198.51.100.4").status_code == 302
    assert client(passed.leader).post(url + "confirm/", REMOTE_ADDR="198.51.100.9").status_code == 302
    p = Pledge.objects.get()
    assert (p.applicant_ip, p.leader_ip) == ("198.51.100.4", "198.51.100.9")
    page = client(passed.hr).get(url).content.decode()
    assert "陈院长已于" in page and 'id="confirm-pledge"' not in page and 'id="scan-form"' in page
    assert client(passed.hr).post(url + "confirm/").status_code == 403
    r = client(passed.hr).post(url + "scan/", {"file": _png()},
                               follow=True)
    assert "签字盖章扫描件已上传。" in r.content.decode()
    assert client(passed.applicant).get(url + "scan/file/").status_code == 200
    r = client(passed.hr).post(url + "scan/", {"file": _bad()}, follow=True)
    assert "上传失败：" in r.content.decode()
    pdf = client(passed.applicant).get(f"/unit-submission/applications/{passed.app.pk}/pledge.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def _png():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("扫描件.png", f.png_bytes(), content_type="image/png")


def _bad():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("扫描件.pdf", b"<html>not a pdf</html>", content_type="application/pdf")


def test_pledge_page_scope(passed):
    url = f"/unit-submission/applications/{passed.app.pk}/pledge/"
    for who in ("other_hr", "office_reviewer", "applicant2", "provincial"):
        assert client(getattr(passed, who)).get(url).status_code == 404, who
        assert client(getattr(passed, who)).get(url.replace("pledge/", "pledge.pdf")).status_code == 404, who
    assert client(passed.assessor).get(url).status_code in (403, 404)
    assert not Pledge.objects.exists()


def test_paper_page_records_the_outcome(world):
    import time_machine

    from .test_paper import AFTER, OUTSIDER_ID

    app = f.submitted(world.app)
    c = client(world.hr)
    url = f"/unit-submission/campaigns/{world.campaign.pk}/paper/"
    with time_machine.travel(AFTER, tick=False):
        page = c.get(url).content.decode()
        assert "不少于5个工作日" in page and "083：工程技术 · 工程师" in page
        files = {n: _pdf(n) for n in ("ranking_scan", "notice_scan", "opinion_scan")}
        r = c.post(url, {**files, "notice_starts_on": "2026-11-02", "notice_ends_on": "2026-11-05",
                         "applications": [app.pk], "people": f"王明，{OUTSIDER_ID}，083，输变电工程"})
        assert r.status_code == 200 and "只有4个工作日，不得少于5个工作日" in r.content.decode()
        r = c.post(url, {**{n: _pdf(n) for n in files}, "notice_starts_on": "2026-11-02",
                         "notice_ends_on": "2026-11-06", "applications": [app.pk], "people": "王明 只有三项 083"})
        assert "第1行应有姓名、身份证号、申报职称代码、申报专业四项，现有3项。" in r.content.decode()
        r = c.post(url, {**{n: _pdf(n) for n in files}, "notice_starts_on": "2026-11-02",
                         "notice_ends_on": "2026-11-06", "applications": [app.pk],
                         "people": f"王明，{OUTSIDER_ID}，083，输变电工程"})
    sub = UnitSubmission.objects.get()
    assert r.status_code == 302 and sub.kind == "paper" and sub.entries.count() == 2
    page = client(world.office_reviewer).get(f"/unit-submission/batches/{sub.pk}/").content.decode()
    assert "2026年11月2日—2026年11月6日" in page and "线下申报（系统内无申报）" in page
    assert client(world.office_reviewer).get(f"/unit-submission/batches/{sub.pk}/files/ranking_scan/").status_code == 200
    assert client(world.office_reviewer).get(f"/unit-submission/batches/{sub.pk}/files/nope/").status_code == 404


def _pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(f"{name}.pdf", f.pdf_bytes("扫描件"), content_type="application/pdf")


def _count(c, url) -> int:
    c.get(url)  # warm (the first request of a session writes its own rows)
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more_passed(w, n: int):
    """A second campaign of the unit (one collective decision per sheet) with n applicants past its notice."""
    camp = f.campaign(w.unit, w.hr, year=2027)
    more = f.submitted_applications(camp, n)
    stage2.passed_notice(more, w.hr, published_on=datetime.date(2026, 10, 30))
    return camp, more


def test_submission_page_queries_do_not_grow_with_rows(passed):
    c = client(passed.hr)
    ready(passed, passed.app)
    few = _count(c, f"/unit-submission/campaigns/{passed.campaign.pk}/")
    camp, more = _more_passed(passed, 4)
    for a in more[:2]:
        ready(passed, a)
    assert _count(c, f"/unit-submission/campaigns/{camp.pk}/") == few


def test_batch_page_queries_do_not_grow_with_entries(passed):
    ready(passed, passed.app)
    small = services.submit_batch(passed.hr, passed.campaign, [passed.app])
    camp, more = _more_passed(passed, 4)
    for a in more:
        ready(passed, a)
    big = services.submit_batch(passed.hr, camp, more)
    c = client(passed.office_reviewer)
    assert _count(c, f"/unit-submission/batches/{small.pk}/") == _count(c, f"/unit-submission/batches/{big.pk}/")



def test_pages_are_linked(passed):
    page = client(passed.hr).get(f"/applications/{passed.app.pk}/").content.decode()
    assert f'href="/unit-submission/applications/{passed.app.pk}/opinion/"' in page
    assert f'href="/unit-submission/applications/{passed.app.pk}/pledge/"' in page
    page = client(passed.applicant).get(f"/applications/{passed.app.pk}/").content.decode()
    assert 'id="pledge-link"' in page and 'id="opinion-link"' not in page
    page = client(passed.hr).get(f"/campaigns/{passed.campaign.pk}/").content.decode()
    assert f'href="/unit-submission/campaigns/{passed.campaign.pk}/"' in page
    assert 'id="batches-link"' in client(passed.office_reviewer).get("/").content.decode()
