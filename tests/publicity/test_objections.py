"""Objections (反映问题) on the public page, and the unit HR's investigation and findings."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhicheng.codes.models import Parameter
from zhicheng.dossier import models as m
from zhicheng.integrity.models import Ban
from zhicheng.publicity import services as ps
from zhicheng.publicity.models import Objection
from zhicheng.workflow import actions
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from .. import factories as f
from .conftest import FIRST, LAST, PUBLISHED, at


def _post(notice, client=None, **extra):
    data = {"entry": notice.entries.get().pk, "real_name": "王五", "contact": "13912345678",
            "facts": "其论文《配电网无功优化研究》系抄袭。", **extra}
    return (client or Client()).post(f"/gongshi/{notice.pk}/objection/", data, REMOTE_ADDR="10.0.0.7")


def test_an_objection_with_evidence_on_the_public_page(notice, world):
    evidence = SimpleUploadedFile("证据.png", f.png_bytes(), content_type="image/png")
    with at(FIRST):
        r = _post(notice, evidence=[evidence])
    assert r.status_code == 302
    o = Objection.objects.get()
    assert (o.real_name, o.entry.application_id, o.status, o.ip) == ("王五", world.app.pk, "received", "10.0.0.7")
    assert [ev.file.original_name for ev in o.evidence.select_related("file")] == ["证据.png"]


def test_the_public_form_needs_its_csrf_token(notice):
    with at(FIRST):
        r = _post(notice, client=Client(enforce_csrf_checks=True))
    assert r.status_code == 403 and not Objection.objects.exists()


def test_bad_input_and_bad_files_are_refused_with_chinese_messages(notice):
    fake = SimpleUploadedFile("x.pdf", b"not a pdf at all", content_type="application/pdf")
    with at(FIRST):
        r = _post(notice, real_name="", facts="", evidence=[fake])
    body = r.content.decode()
    assert r.status_code == 422
    assert "请填写真实姓名。" in body and "请写明反映的问题与事实。" in body and "x.pdf：" in body
    assert not Objection.objects.exists()
    Parameter.objects.filter(key="objection_max_files").update(value=1)
    from django.core.cache import cache

    cache.clear()
    files = [SimpleUploadedFile(f"{i}.png", f.png_bytes(), content_type="image/png") for i in range(2)]
    with at(FIRST):
        r = _post(notice, evidence=files)
    assert "证据文件最多1个。" in r.content.decode() and not Objection.objects.exists()


def test_rate_limited_per_address(notice):
    with at(FIRST):
        for _ in range(5):
            assert _post(notice).status_code == 302
        r = _post(notice)
        assert r.status_code == 422 and "提交过于频繁" in r.content.decode()
        assert Client().post(f"/gongshi/{notice.pk}/objection/", {
            "entry": notice.entries.get().pk, "real_name": "赵六", "contact": "1", "facts": "x"},
            REMOTE_ADDR="10.0.0.8").status_code == 302  # another address is not limited
    with at(FIRST, 11, 0, 1):
        assert _post(notice).status_code == 302  # an hour later
    assert Objection.objects.count() == 7


def test_refused_one_second_after_the_end_with_the_end_date(notice):
    with at(LAST, 23, 59, 59):
        assert _post(notice).status_code == 302
    with at(LAST + datetime.timedelta(days=1), 0, 0, 0):
        r = _post(notice)
        with pytest.raises(ps.PublicityRefusal) as e:
            ps.raise_objection(notice, entry_id=notice.entries.get().pk, real_name="王五", contact="1", facts="x")
    assert "公示已于2026年10月10日结束，不再受理异议" in r.content.decode()
    assert e.value.problems == ["公示已于2026年10月10日结束，不再受理异议。"]
    assert Objection.objects.count() == 1


def _objection(notice):
    with at(FIRST):
        return ps.raise_objection(notice, entry_id=notice.entries.get().pk, real_name="王五", contact="13912345678",
                                  facts="论文抄袭。")


def test_unfounded_back_to_the_notice(notice, world):
    assert "investigate" not in {t.action for t in actions.available(world.hr, world.app)}  # nothing to check
    o = _objection(notice)
    with at(FIRST):
        assert "investigate" in {t.action for t in actions.available(world.hr, world.app)}
        actions.perform(world.app, "investigate", actor=world.hr)
        world.app.refresh_from_db()
        assert world.app.state == State.UNDER_INVESTIGATION
        o.refresh_from_db()
        assert o.status == "investigating"
        with pytest.raises(TransitionError) as e:
            actions.perform(world.app, "clear_objection", actor=world.hr, reason="经核查论文为本人原创", data={})
        assert e.value.fields == {"investigation": ["请填写核查情况（核查了什么、如何核查）。"]}
        actions.perform(world.app, "clear_objection", actor=world.hr, reason="经核查论文为本人原创",
                        data={"investigation": "调取期刊原文比对"})
    world.app.refresh_from_db()
    o.refresh_from_db()
    assert world.app.state == State.IN_NOTICE
    assert (o.status, o.investigation, o.finding, o.handled_by) == ("unfounded", "调取期刊原文比对", "经核查论文为本人原创",
                                                                     world.hr)
    with at(LAST + datetime.timedelta(days=1)):
        ps.close_notice(world.hr, notice)
    world.app.refresh_from_db()
    assert world.app.state == State.NOTICE_PASSED


def test_founded_returned_for_correction_needs_a_new_notice(notice, world):
    _objection(notice)
    with at(FIRST):
        ps.investigate(world.hr, world.app)
        actions.perform(world.app, "return_after_objection", actor=world.hr, reason="学历证书信息有误",
                        data={"investigation": "核对学信网", "sections": ["education"]})
    world.app.refresh_from_db()
    assert world.app.state == State.RETURNED and world.app.reopened_sections == ["education"]
    ret = world.app.returns.get()
    assert (ret.stage, ret.action) == ("§二(七)", "return_after_objection")
    assert Objection.objects.get().status == "returned"
    assert ps.completed_notice(world.app) is None and ps.published_fingerprint(world.app) is None


def test_founded_recommendation_withdrawn(notice, world):
    _objection(notice)
    with at(FIRST):
        ps.investigate(world.hr, world.app)
        actions.perform(world.app, "withdraw_recommendation", actor=world.hr, reason="业绩不实",
                        data={"investigation": "走访项目单位"})
    world.app.refresh_from_db()
    assert world.app.state == State.NOT_RECOMMENDED and Objection.objects.get().status == "withdrawn"


def test_fraud_from_the_objection_page_disqualifies_and_bans(notice, world):
    o = _objection(notice)
    c = Client()
    c.force_login(world.hr)
    with at(FIRST):
        ps.investigate(world.hr, world.app)
        r = c.post(f"/publicity/objections/{o.pk}/", {"investigation": "查重报告", "authority": "",
                                                     "reason": "论文系剽窃"})
        assert r.status_code == 200 and "请填写认定机关。" in r.content.decode()
        r = c.post(f"/publicity/objections/{o.pk}/", {"investigation": "查重报告", "authority": "河北电力设计院",
                                                     "reason": "论文系剽窃"})
    assert r.status_code == 302
    world.app.refresh_from_db()
    o.refresh_from_db()
    assert world.app.state == State.DISQUALIFIED and o.status == "fraud"
    ban = Ban.objects.get()
    assert (ban.id_number, ban.starts_on, ban.ends_on, ban.authority) == (
        world.applicant.id_number, FIRST, datetime.date(2029, 9, 29), "河北电力设计院")


def test_the_applicant_sees_that_an_objection_is_checked_not_who_raised_it(notice, world):
    o = _objection(notice)
    with at(FIRST):
        ps.investigate(world.hr, world.app)
    c = Client()
    c.force_login(world.applicant)
    page = c.get(f"/applications/{world.app.pk}/").content.decode()
    assert "异议核查中" in page
    assert "王五" not in page and "13912345678" not in page and "论文抄袭" not in page
    assert c.get(f"/publicity/objections/{o.pk}/").status_code == 404
    assert c.get("/publicity/").status_code == 403
    assert ps.objection_status_for_applicant(world.app) == "公示期间收到关于您的异议，单位正在核查。"


def test_hr_pages_and_their_scope(notice, world):
    evidence = SimpleUploadedFile("证据.png", f.png_bytes(), content_type="image/png")
    with at(FIRST):
        _post(notice, evidence=[evidence])
    o = Objection.objects.get()
    file_id = o.evidence.get().file_id
    c = Client()
    c.force_login(world.hr)
    with at(FIRST):
        index = c.get("/publicity/").content.decode()
        assert "张建国" in index and "待核查" in index
        page = c.get(f"/publicity/{notice.pk}/").content.decode()
        assert "2026年9月29日—2026年10月10日" in page and "王五" in page
        page = c.get(f"/publicity/objections/{o.pk}/").content.decode()
        assert "13912345678" in page and 'id="action-investigate"' in page
        assert c.get(f"/publicity/objections/{o.pk}/files/{file_id}/").status_code == 200
    for who in (world.other_hr, world.leader, world.assessor, world.office_reviewer, world.other_office_reviewer,
                world.provincial, world.host_user, world.expert, world.applicant, world.applicant2):
        c.force_login(who)
        for url in (f"/publicity/{notice.pk}/", f"/publicity/objections/{o.pk}/",
                    f"/publicity/objections/{o.pk}/files/{file_id}/"):
            assert c.get(url).status_code == 404, (who, url)
    c.force_login(world.other_hr)
    assert c.post(f"/publicity/{notice.pk}/close/").status_code == 404


def test_hr_publishes_and_closes_through_the_pages(world):
    from .steps import recommended

    recommended([world.app], world.hr)
    c = Client()
    c.force_login(world.hr)
    with at(datetime.date(2026, 10, 30)):
        assert f"/publicity/new/{world.campaign.pk}/" in c.get("/publicity/").content.decode()
        r = c.post(f"/publicity/new/{world.campaign.pk}/", {"starts_on": "2026-10-29"})
        assert "公示开始日期不能早于今天" in r.content.decode()
        r = c.post(f"/publicity/new/{world.campaign.pk}/", {"starts_on": "not a date"})
        assert "请输入有效的日期" in r.content.decode()
        r = c.post(f"/publicity/new/{world.campaign.pk}/", {"starts_on": ""}, follow=True)
        assert "已发布公示，公示期2026年11月2日—2026年11月6日。" in r.content.decode()
    c.force_login(world.other_hr)
    assert c.get(f"/publicity/new/{world.campaign.pk}/").status_code == 404
    c.force_login(world.hr)
    notice = world.campaign.public_notices.get()
    with at(datetime.date(2026, 11, 6)):
        r = c.post(f"/publicity/{notice.pk}/close/", follow=True)
        assert "2026年11月7日起方可结束公示" in r.content.decode()
    with at(datetime.date(2026, 11, 9)):
        c.force_login(world.hr)  # days later: a new session
        r = c.post(f"/publicity/{notice.pk}/close/", follow=True)
        assert "1人公示通过" in r.content.decode()
    world.app.refresh_from_db()
    assert world.app.state == State.NOTICE_PASSED


def test_hr_page_queries_do_not_grow(notice, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = Client()
    c.force_login(world.hr)
    counts = []
    with at(FIRST):
        c.get(f"/publicity/{notice.pk}/")  # warm the session
        for n in (1, 4):
            while Objection.objects.count() < n:
                ps.raise_objection(notice, entry_id=notice.entries.get().pk, real_name="王五", contact="1",
                                   facts="x")
            with CaptureQueriesContext(connection) as q:
                assert c.get(f"/publicity/{notice.pk}/").status_code == 200
            counts.append(len(q))
    assert counts[0] == counts[1], counts
    assert m.Application.objects.get(pk=world.app.pk).state == State.IN_NOTICE


def test_index_and_public_list_queries_do_not_grow(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .steps import recommended

    hr = Client()
    hr.force_login(world.hr)
    counts = {"/publicity/": [], "/gongshi/": []}
    with at(FIRST):
        hr.get("/publicity/")
    for n, year in ((1, 2026), (3, 2027)):  # one collective decision per sheet: a campaign per round
        campaign = world.campaign if year == 2026 else f.campaign(world.unit, world.hr, year=year)
        apps = f.submitted_applications(campaign, n)
        recommended(apps, world.hr)
        with at(PUBLISHED):
            notice = ps.start_notice(world.hr, campaign=campaign)
        with at(FIRST):
            for _ in range(n):
                ps.raise_objection(notice, entry_id=notice.entries.first().pk, real_name="王五", contact="1",
                                   facts="x")
            for url, client in (("/publicity/", hr), ("/gongshi/", Client())):
                with CaptureQueriesContext(connection) as q:
                    assert client.get(url).status_code == 200
                counts[url].append(len(q))
    for url, (a, b) in counts.items():
        assert a == b, (url, a, b)
