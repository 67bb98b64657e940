"""Progress timeline and 已办 from the audit trail; the receipt (回执) with its 业务流水号 (issue 6 §5)."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhicheng.dossier import models as m
from zhicheng.dossier import receipts, timeline
from zhicheng.orgs.roles import Role

from .. import factories as f

SERIAL = re.compile(r"^ZC\d{8}\d{6}$")


def test_progress_lists_each_step_with_stage_unit_time_and_result(world):
    f.submitted(world.app)
    f.returned(world.app, world.hr, sections=["achievement"], reason="业绩写得太简略。\n请补充项目规模。")
    f.submitted(world.app, fill=False)
    steps = timeline.progress(world.app)
    assert [s.stage for s in steps] == ["个人申报 · 提交单位审核", "单位审核推荐 · 退回修改", "个人申报 · 提交单位审核"]
    assert [s.result for s in steps] == ["待单位审核", "已退回修改", "待单位审核"]
    assert steps[0].organization == "河北电力设计院（申报人员）"
    assert steps[1].organization == "河北电力设计院（单位人事）"
    assert steps[1].reason == "业绩写得太简略。\n请补充项目规模。"
    assert steps[0].reason == ""
    assert steps[0].time <= steps[1].time <= steps[2].time
    # The statement composed once per process reads the same events as the ORM, times as aware datetimes.
    assert [s.time for s in steps] == list(timeline._steps_of([world.app.pk]).order_by("time", "id").values_list(
        "time", flat=True))
    assert steps[0].time.tzinfo is not None


def test_progress_includes_start_and_ignores_refusals_and_other_records(world):
    from zhicheng.audit.services import record
    from zhicheng.dossier.services import start_application

    applicant = f.user("applicant", world.unit, name="新申报人")
    app = start_application(applicant, campaign=world.campaign, title=world.app.title, specialty="电气")
    record("submit", actor=applicant, obj=app, success=False, reason="被拒绝的尝试")
    record("view_refused", actor=world.other_hr, obj=app)
    steps = timeline.progress(app)
    assert [(s.stage, s.result) for s in steps] == [("个人申报 · 创建申报", "填写中")]


def test_detail_page_shows_the_timeline(client, world):
    f.submitted(world.app)
    client.force_login(world.applicant)
    body = client.get(f"/applications/{world.app.pk}/").content.decode()
    table = body[body.index('id="timeline"'):]
    for text in ["环节", "办理单位", "时间", "结果", "个人申报 · 提交单位审核", "河北电力设计院（申报人员）", "待单位审核"]:
        assert text in table
    assert world.applicant.real_name not in table  # units and roles, not people's names


def test_each_submission_gets_its_own_serial(world):
    f.submitted(world.app)
    f.returned(world.app, world.hr)
    f.submitted(world.app, fill=False)
    other = f.submitted(f.application(world.applicant2, world.campaign))
    serials = [v.serial for v in m.ApplicationVersion.objects.order_by("id")]
    assert len(serials) == 3 and len(set(serials)) == 3
    assert all(SERIAL.match(s) for s in serials)
    today = timezone.localdate().strftime("%Y%m%d")  # the service's day, Asia/Shanghai
    assert [s[2:10] for s in serials] == [today] * 3
    assert [int(s[10:]) for s in serials] == [1, 2, 3]
    assert other.versions.get().serial == serials[2]


def test_serial_sequence_is_per_day(db):
    assert receipts.next_serial(datetime.date(2026, 1, 5)) == "ZC20260105000001"


def test_next_serial_follows_the_highest_of_the_day(world):
    f.submitted(world.app)
    v = world.app.versions.get()
    day = datetime.date.fromisoformat(f"{v.serial[2:6]}-{v.serial[6:8]}-{v.serial[8:10]}")
    m.ApplicationVersion.objects.filter(pk=v.pk).update(serial=f"ZC{day:%Y%m%d}000041")
    assert receipts.next_serial(day) == f"ZC{day:%Y%m%d}000042"


def test_receipt_page_prints_serial_and_is_scoped(client, world):
    f.submitted(world.app)
    v = world.app.versions.get()
    client.force_login(world.applicant)
    detail = client.get(f"/applications/{world.app.pk}/").content.decode()
    assert v.serial in detail and f"/applications/{world.app.pk}/receipts/1/" in detail
    assert f"第1版业务流水号：<strong>{v.serial}</strong>" in detail  # right after submitting, at the top
    r = client.get(f"/applications/{world.app.pk}/receipts/1/")
    body = r.content.decode()
    assert r.status_code == 200
    assert v.serial in body and "职称申报材料提交回执" in body and "第1版" in body
    assert "data-print" in body and ">打印<" in body and ">返回<" in body
    assert client.get(f"/applications/{world.app.pk}/receipts/2/").status_code == 404
    client.force_login(world.other_applicant)
    assert client.get(f"/applications/{world.app.pk}/receipts/1/").status_code == 404


def _done_ids(client, page=None):
    r = client.get("/" + (f"?done_page={page}" if page else ""))
    body = r.content.decode()
    table = body[body.index('id="done"'):body.index("</table>", body.index('id="done"'))]
    return re.findall(r'href="/applications/(\d+)/"', table), body


def test_home_done_lists_the_applications_acted_on_newest_first(client, world):
    apps = f.submitted_applications(world.campaign, 3)
    first, second, third = apps
    f.returned(second, world.hr)
    f.returned(first, world.hr)
    client.force_login(world.hr)
    ids, body = _done_ids(client)
    assert ids == [str(first.pk), str(second.pk)]  # never acted on the third
    assert "退回修改" in body
    assert str(third.pk) not in ids


def test_home_done_is_paginated(client, world):
    apps = f.submitted_applications(world.campaign, 12)
    for a in apps:
        f.returned(a, world.hr)
    client.force_login(world.hr)
    ids, body = _done_ids(client)
    assert ids == [str(a.pk) for a in reversed(apps)][:10]
    assert "共 12 件，第 1/2 页" in body
    ids2, _ = _done_ids(client, 2)
    assert ids2 == [str(apps[1].pk), str(apps[0].pk)]


def test_home_done_for_an_applicant_shows_own_steps_and_nothing_out_of_scope(client, world):
    f.submitted(world.app)
    client.force_login(world.applicant)
    ids, body = _done_ids(client)
    assert ids == [str(world.app.pk)] and "提交单位审核" in body
    client.force_login(world.other_hr)
    ids, body = _done_ids(client)
    assert ids == [] and "暂无已办事项。" in body


def test_home_done_query_count_does_not_grow(client, world):
    client.force_login(world.hr)
    apps = f.submitted_applications(world.campaign, 2)
    for a in apps:
        f.returned(a, world.hr)
    client.get("/")  # warm the session and parameter caches
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    for a in f.submitted_applications(world.campaign, 6):
        f.returned(a, world.hr)
    with CaptureQueriesContext(connection) as big:
        client.get("/")
    assert len(big) == len(small)



def test_a_submit_takes_the_next_serial_of_the_day_read_with_its_facts(world):
    """Issue 7: submit reads the day's highest 业务流水号 in its facts query (under the row lock) instead of a
    query of its own: the next submit still follows the highest, other days' serials do not count, and a
    serial taken meanwhile is skipped (the unique constraint, then a fresh read)."""
    f.submitted(world.app)
    v = world.app.versions.get()
    today = timezone.localdate()
    m.ApplicationVersion.objects.filter(pk=v.pk).update(serial=f"ZC{today:%Y%m%d}000041")
    yesterday = f.submitted(f.application(f.user(Role.APPLICANT, world.unit, name="前一天"), world.campaign)).versions.get()
    m.ApplicationVersion.objects.filter(pk=yesterday.pk).update(
        serial=f"ZC{today - datetime.timedelta(days=1):%Y%m%d}000099")
    other = f.submitted(f.application(world.applicant2, world.campaign))
    assert other.versions.get().serial == f"ZC{today:%Y%m%d}000042"
    # a serial taken between the facts read and the insert: the first try is refused, the next one is free
    version = receipts.create_version(world.app, number=9, snapshot={}, actor=world.applicant,
                                      last_serial=(today, 41))
    assert version.serial == f"ZC{today:%Y%m%d}000043"


def test_the_steps_are_read_through_the_index_whatever_the_number_of_saves(world):
    """A busy applicant leaves hundreds of section_save events: the timeline's statement reads the steps as
    one range of the index on (object type, object, to state), on either database, and also as PostgreSQL
    runs it once prepared on a pooled connection (a generic plan, every value a parameter): with the step
    actions as the index's search, that plan filtered every save of the dossier instead."""
    from zhicheng.audit.models import AuditEvent
    from zhicheng.audit.services import record

    f.submitted(world.app)
    before = timeline.progress(world.app)
    assert [s.result for s in before] == ["待单位审核"]
    # this dossier's 300 saves among the trails of 1,000 others (a table of a real size for the planner)
    AuditEvent.objects.bulk_create([AuditEvent(actor=world.applicant, action="section_save",
                                               object_type=timeline.OBJECT_TYPE, object_id=str(world.app.pk),
                                               details={}) for _ in range(300)]
                                   + [AuditEvent(actor=world.applicant, action=action, object_type=timeline.OBJECT_TYPE,
                                                 object_id=str(10_000 + i), details={},
                                                 to_state="" if action == "section_save" else "draft")
                                      for i in range(1000) for action in ("application_start", "section_save",
                                                                          "section_save", "submit")])
    record("section_save", actor=world.applicant, obj=world.app)
    assert timeline.progress(world.app) == before
    sql, params = timeline._progress_rows(str(world.app.pk)).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE audit_auditevent")  # statistics, as a production table has them
            cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: the planner would read the table
            cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
            numbers = iter(range(1, len(params) + 1))
            assert all(isinstance(p, str) for p in params)
            cursor.execute(f"PREPARE zc_steps({', '.join(['text'] * len(params))}) AS "
                           + re.sub("%s", lambda _: f"${next(numbers)}", sql))
            # (a utility statement takes no bound parameters: the values, actions and an id, as literals)
            cursor.execute("EXPLAIN EXECUTE zc_steps(" + ", ".join("'" + p.replace("'", "''") + "'" for p in params)
                           + ")")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("DEALLOCATE zc_steps")
            index_cond = next(line for line in plan.splitlines() if "Index Cond" in line)
            assert "to_state" in index_cond, plan  # the range is searched in the index, not filtered
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(c) for row in cursor.fetchall() for c in row)
            assert "to_state>?" in plan, plan  # the range is part of the index search
    assert "audit_object_state_idx" in plan, plan


def test_every_step_records_the_state_it_led_to(world):
    """The timeline reads only events with a state (the index's range): every step of the map records one."""
    from zhicheng.audit.models import AuditEvent

    f.submitted(world.app)
    f.returned(world.app, world.hr)
    steps = AuditEvent.objects.filter(object_type=timeline.OBJECT_TYPE, object_id=str(world.app.pk),
                                      action__in=timeline.STEP_ACTIONS, success=True)
    assert {e.action for e in steps} == {"submit", "return"}
    assert all(e.to_state for e in steps), [(e.action, e.to_state) for e in steps]
    assert len(timeline.progress(world.app)) == steps.count()


def test_the_state_label_is_the_choices_label_for_every_state(world):
    from zhicheng.workflow.states import State

    for value, label in State.choices:
        world.app.state = value
        assert world.app.get_state_display() == label
    world.app.state = "no-such-state"
    assert world.app.get_state_display() == "no-such-state"


def test_the_overview_reads_the_steps_with_its_application(client, world):
    """The overview's application read brings the timeline (one statement fewer): the same steps, times and
    units as the timeline's own query; saves, refusals and events with a state that are not steps stay out."""
    from zhicheng.audit.services import record
    from zhicheng.dossier.permissions import page_application

    f.submitted(world.app)
    f.returned(world.app, world.hr)
    record("section_save", actor=world.applicant, obj=world.app)
    record("submit", actor=world.applicant, obj=world.app, to_state="submitted", success=False)
    record("prereview_register", actor=world.hr, obj=world.app, to_state="submitted")  # a state, not a step
    own_query = timeline.progress(m.Application.objects.get(pk=world.app.pk))
    fetched = page_application(world.applicant, world.app.pk, steps=True)
    assert timeline.STEPS_COLUMN in fetched.__dict__
    with CaptureQueriesContext(connection) as queries:
        steps = timeline.progress(fetched)
    assert not queries.captured_queries
    assert steps == own_query and [s.result for s in steps] == ["待单位审核", "已退回修改"]
    assert all(s.time.tzinfo is not None and s.time.microsecond == o.time.microsecond
               for s, o in zip(steps, own_query, strict=True))
    assert steps[1].reason == own_query[1].reason != ""
    other = f.application(world.applicant2, world.campaign)
    assert timeline.progress(page_application(world.applicant2, other.pk, steps=True)) == []

    client.force_login(world.applicant)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"/applications/{world.app.pk}/").content.decode()
    assert not [q for q in queries.captured_queries if q["sql"].startswith('SELECT "audit_auditevent"')]
    assert "已退回修改" in body[body.index('id="timeline"'):]


def test_the_overview_statement_finds_the_steps_through_the_index(world):
    """The steps' subquery of the overview's read uses the index's range, also as a generic plan (prepared)."""
    from zhicheng.dossier.permissions import PAGE_ROW

    sql, params = timeline.with_steps(PAGE_ROW).filter(pk=world.app.pk).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
            numbers = iter(range(1, len(params) + 1))
            types = ", ".join("bigint" if isinstance(p, int) else "text" for p in params)
            cursor.execute(f"PREPARE zc_overview({types}) AS " + re.sub("%s", lambda _: f"${next(numbers)}", sql))
            cursor.execute("EXPLAIN EXECUTE zc_overview(" + ", ".join(
                str(p) if isinstance(p, int) else "'" + p.replace("'", "''") + "'" for p in params) + ")")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("DEALLOCATE zc_overview")
            assert any("audit_object_state_idx" in line for line in plan.splitlines()), plan
            assert "to_state" in next(line for line in plan.splitlines()
                                      if "Index Cond" in line and "object_type" in line), plan
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(c) for row in cursor.fetchall() for c in row)
            assert "audit_object_state_idx" in plan and "to_state>?" in plan, plan
