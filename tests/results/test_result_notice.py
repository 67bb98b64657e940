"""§五(一) 评审结果公示: the period over 国庆 on the working-day calendar, objections and their findings, the
public page (no ID number, no phone, taken down after the end), who may do what."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client

from zhicheng.codes.models import Parameter
from zhicheng.errors import Refusal
from zhicheng.integrity.models import Ban
from zhicheng.results import filing
from zhicheng.results import result_notice as rn
from zhicheng.results.models import ResultNotice, ResultObjection
from zhicheng.workflow import actions
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from ..support import stage5 as s5
from ..support.queries import count_queries


def test_the_notice_lasts_five_working_days_over_national_day(world):
    notice = s5.in_notice(world)
    assert (notice.starts_on, notice.ends_on, notice.working_days) == (s5.FIRST, s5.LAST, 5)
    assert world.senior.state == world.middle.state == State.RESULT_NOTICE


def test_the_length_is_a_parameter(world):
    Parameter.objects.filter(key="result_notice_working_days").update(value=7)
    cache.clear()
    notice = s5.in_notice(world)
    assert notice.working_days == 7 and notice.ends_on == datetime.date(2026, 10, 13)


def test_report_on_the_last_day_is_refused_and_the_day_after_passes(world):
    notice = s5.in_notice(world)
    with s5.at(s5.LAST), pytest.raises(TransitionError) as e:
        filing.report_results(world.host_user, notice)
    assert "2026年10月11日起方可报送" in "".join(e.value.problems)
    world.senior.refresh_from_db()
    assert world.senior.state == State.RESULT_NOTICE
    with s5.at(s5.AFTER):
        filing.report_results(world.host_user, notice)
    world.senior.refresh_from_db()
    assert world.senior.state == State.RESULT_REPORTED


def test_an_open_objection_blocks_reporting_until_found_unfounded(world):
    notice = s5.in_notice(world)
    entry = notice.entries.get(application=world.middle)
    with s5.at(s5.RUNNING):
        objection = rn.raise_objection(notice, entry_id=entry.pk, real_name="王监督", contact="13900000000",
                                       facts="论文存疑", ip="10.0.0.1")
    with s5.at(s5.AFTER), pytest.raises(TransitionError) as e:
        filing.report_results(world.host_user, notice)
    assert "尚有未办结的公示异议" in "".join(e.value.problems)
    rn.record_finding(world.host_user, objection, founded=False, reason="经核查，论文真实。")
    with s5.at(s5.AFTER):
        filing.report_results(world.host_user, notice)
    world.middle.refresh_from_db()
    assert world.middle.state == State.RESULT_REPORTED


def test_a_founded_objection_cancels_the_pass(world):
    notice = s5.in_notice(world)
    entry = notice.entries.get(application=world.senior)
    with s5.at(s5.RUNNING):
        objection = rn.raise_objection(notice, entry_id=entry.pk, real_name="王监督", contact="139",
                                       facts="业绩不实", ip="10.0.0.2")
    rn.record_finding(world.host_user, objection, founded=True, reason="业绩与事实不符。", investigation="查阅原件")
    world.senior.refresh_from_db()
    objection.refresh_from_db()
    assert world.senior.state == State.FAILED and objection.status == ResultObjection.Status.FOUNDED


def test_cancel_pass_without_a_founded_objection_is_refused(world):
    s5.in_notice(world)
    with pytest.raises(TransitionError) as e:
        actions.perform(world.senior, "cancel_pass", actor=world.host_user, reason="无")
    assert e.value.problems == ["取消评审通过须先在异议核查中认定异议属实。"]


def test_objections_are_rate_limited_and_only_while_running(world):
    notice = s5.in_notice(world)
    entry = notice.entries.first()
    with s5.at(s5.PUBLISHED), pytest.raises(rn.ResultFlowRefusal, match="开始后方可反映问题"):
        rn.raise_objection(notice, entry_id=entry.pk, real_name="甲", contact="1", facts="x", ip="10.0.0.3")
    with s5.at(s5.RUNNING):
        for _ in range(5):
            rn.raise_objection(notice, entry_id=entry.pk, real_name="甲", contact="1", facts="x", ip="10.0.0.3")
        with pytest.raises(rn.ResultFlowRefusal, match="过于频繁"):
            rn.raise_objection(notice, entry_id=entry.pk, real_name="甲", contact="1", facts="x", ip="10.0.0.3")
    with s5.at(s5.AFTER), pytest.raises(rn.ResultFlowRefusal, match="不再受理异议"):
        rn.raise_objection(notice, entry_id=entry.pk, real_name="甲", contact="1", facts="x", ip="10.0.0.4")


def test_start_one_by_one_is_refused_with_where_to_go(world):
    s5.passed(world)
    with pytest.raises(Refusal, match="评审结果公示"):
        actions.perform(world.senior, "start_result_notice", actor=world.host_user)


def test_public_page_shows_no_id_number_or_phone_and_goes_after_the_end(world):
    notice = s5.in_notice(world)
    c = Client()
    with s5.at(s5.RUNNING):
        r = c.get(f"/gongshi/jieguo/{notice.pk}/")
        page = r.content.decode()
        assert r.status_code == 200 and r["X-Robots-Tag"].startswith("noindex")
        assert "张建国" in page and "李秀英" in page and "河北电力设计院" in page and "高级工程师" in page
        for person in (world.applicant, world.applicant2):
            assert person.id_number not in page and person.phone not in page
        assert notice.title in c.get("/gongshi/jieguo/").content.decode()
        r = c.post(f"/gongshi/jieguo/{notice.pk}/", {"entry": notice.entries.first().pk, "real_name": "王监督",
                                                      "contact": "139", "facts": "存疑"}, follow=True)
        assert "已收到" in r.content.decode()
        assert c.post(f"/gongshi/jieguo/{notice.pk}/", {"entry": ""}).status_code == 422
    with s5.at(s5.AFTER):
        r = c.get(f"/gongshi/jieguo/{notice.pk}/")
        assert r.status_code == 410 and "张建国" not in r.content.decode()


def test_public_page_queries_do_not_depend_on_people(world):
    notice = s5.in_notice(world, extra=4)
    c = Client()
    url = f"/gongshi/jieguo/{notice.pk}/"
    with s5.at(s5.RUNNING):
        count_queries(c, url)
        many = count_queries(c, url)  # six people shown
        for app in world.passed[2:]:  # four leave the notice (founded objections)
            o = rn.raise_objection(notice, entry_id=notice.entries.get(application=app).pk, real_name="甲",
                                   contact="1", facts="x")
            rn.record_finding(world.host_user, o, founded=True, reason="属实。")
        page = c.get(url).content.decode()
        assert "申报人甲" not in page and "张建国" in page
        assert count_queries(c, url) == many


def test_host_pages_and_who_may_see_them(world):
    notice = s5.in_notice(world)
    c = Client()
    c.force_login(world.host_user)
    assert notice.title in c.get("/results/flow/").content.decode()
    assert c.get(f"/results/flow/notices/{notice.pk}/").status_code == 200
    other = s5.other_host(world)
    c.force_login(other)
    assert c.get(f"/results/flow/notices/{notice.pk}/").status_code == 404
    assert c.get(f"/results/flow/notices/new/{world.committee.pk}/").status_code == 404
    with pytest.raises(rn.ResultFlowRefusal):
        rn.start_result_notice(other, committee=world.committee)
    for user in (world.office_reviewer, world.hr, world.applicant):
        c.force_login(user)
        assert c.get("/results/flow/").status_code == 403
        assert c.get(f"/results/flow/notices/{notice.pk}/").status_code == 403


def test_host_publishes_from_its_page(world):
    s5.passed(world)
    c = Client()
    c.force_login(world.host_user)
    assert world.committee.name in c.get("/results/flow/").content.decode()
    with s5.at(s5.PUBLISHED):
        r = c.post(f"/results/flow/notices/new/{world.committee.pk}/",
                   {"applications": [world.middle.pk], "title": ""}, follow=True)
    assert "已发布评审结果公示" in r.content.decode()
    world.middle.refresh_from_db()
    world.senior.refresh_from_db()
    assert world.middle.state == State.RESULT_NOTICE and world.senior.state == State.PASSED


def test_host_index_queries_do_not_grow_with_rows(world):
    s5.in_notice(world)
    c = Client()
    c.force_login(world.host_user)
    count_queries(c, "/results/flow/")  # the session and caches warm
    few = count_queries(c, "/results/flow/")
    n = ResultNotice.objects.first()
    for i in range(3):
        ResultNotice.objects.create(host=n.host, committee=n.committee, title=f"公示{i}", starts_on=n.starts_on,
                                    ends_on=n.ends_on, working_days=5, published_by=world.host_user)
    assert count_queries(c, "/results/flow/") == few


def test_fraud_goes_through_the_disqualify_step_linked_from_the_objection(world):
    notice = s5.in_notice(world)
    entry = notice.entries.get(application=world.senior)
    with s5.at(s5.RUNNING):
        objection = rn.raise_objection(notice, entry_id=entry.pk, real_name="王监督", contact="139",
                                       facts="论文剽窃", ip="10.0.0.5")
    c = Client()
    c.force_login(world.host_user)
    page = c.get(f"/results/flow/objections/{objection.pk}/").content.decode()
    assert f"/applications/{world.senior.pk}/actions/disqualify/" in page
    assert c.post(f"/results/flow/objections/{objection.pk}/", {"founded": "1"}).status_code == 422
    r = c.post(f"/results/flow/objections/{objection.pk}/", {"fraud": "1", "reason": "论文剽窃属实。"})
    assert r.status_code == 422 and "请填写认定机关。" in r.content.decode()
    c.post(f"/results/flow/objections/{objection.pk}/", {"fraud": "1", "reason": "论文剽窃属实。",
                                                        "authority": "河北省工程技术评委会组建单位"})
    world.senior.refresh_from_db()
    objection.refresh_from_db()
    assert world.senior.state == State.DISQUALIFIED and objection.status == ResultObjection.Status.FRAUD
    assert Ban.objects.filter(id_number=world.applicant.id_number).exists()
    s5.other_host(world)
    c.force_login(world.host2_user)
    assert c.get(f"/results/flow/objections/{objection.pk}/").status_code == 404
