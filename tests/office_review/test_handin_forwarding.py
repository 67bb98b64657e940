"""报送: by level and route (中级 → host, 高级 → provincial office, 初级 by the table, unrouted stopped with a
message), all or nothing, before the office's deadline, with its transfer list (XLSX and PDF)."""

import datetime
import io

import pytest
import time_machine
from openpyxl import load_workbook

from zhicheng.audit.models import AuditEvent
from zhicheng.messaging.models import Message
from zhicheng.office_review import schedule, transfer
from zhicheng.office_review.models import Forwarding, OfficeSchedule, Route
from zhicheng.orgs.validators import mask_id_number
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from ..documents.pdfs import flat, text
from ..support import stage3_handin as s3


@pytest.fixture
def three(world):
    return s3.three(world)


def moved(*apps):
    for a in apps:
        a.refresh_from_db()
    return [a.state for a in apps]


def test_the_page_groups_by_destination_and_stops_the_unrouted(three):
    w = three
    routed, stopped = transfer.groups(w.office)
    by_kind = {g.kind: g for g in routed}
    assert set(by_kind) == {"host", "province"}
    assert by_kind["host"].org == w.host and by_kind["host"].apps == [w.middle]
    assert by_kind["province"].org == w.province and by_kind["province"].apps == [w.senior]
    assert [a for g in stopped for a in g.apps] == [w.junior]
    assert stopped[0].problem == "工程技术系列“电气工程”专业助理级尚未设置评审路由（评委会组建单位），已暂停报送并通知省职改办。"
    # The provincial office was told when the office signed (once, however often it is tried).
    msgs = Message.objects.filter(recipient=w.provincial)
    assert msgs.count() == 1 and "申报人乙" in msgs.get().body
    with pytest.raises(transfer.ForwardError) as e:
        transfer.forward(w.office_reviewer, w.office, [w.junior])
    assert e.value.problems == ["申报人乙：" + stopped[0].problem]
    assert Message.objects.filter(recipient=w.provincial).count() == 1
    assert moved(w.junior) == [State.OFFICE_ENDORSED]


def test_middle_goes_to_the_host_senior_to_the_province_junior_by_the_table(three):
    w = three
    batch = transfer.forward(w.office_reviewer, w.office, [w.middle], ip="10.1.1.1")
    assert (batch.kind, batch.to_org, batch.year, batch.created_by) == ("host", w.host, 2026, w.office_reviewer)
    assert moved(w.middle) == [State.HOST_REVIEW]
    assert batch.entries.get().route.committee == w.committee
    batch = transfer.forward(w.office_reviewer, w.office, [w.senior])
    assert (batch.kind, batch.to_org) == ("province", w.province)
    assert moved(w.senior) == [State.SPOT_CHECK]
    Route.objects.create(series=w.junior.series, level="assistant", host=w.host, spot_check_first=True)
    transfer.forward(w.office_reviewer, w.office, [w.junior])  # the table asks the province to look first
    assert moved(w.junior) == [State.SPOT_CHECK]
    assert AuditEvent.objects.filter(action="forwarding").count() == 3


def test_the_guards_refuse_the_wrong_destination(three):
    from zhicheng.workflow.services import transition

    w = three
    with pytest.raises(TransitionError) as e:
        transition(w.senior, "forward_to_host", actor=w.office_reviewer)
    assert e.value.problems == ["副高级申报须报送省职改办抽查。"]
    with pytest.raises(TransitionError) as e:
        transition(w.middle, "forward_to_province", actor=w.office_reviewer)
    assert e.value.problems == ["该申报应直接报送评委会组建单位。"]
    assert moved(w.senior, w.middle) == [State.OFFICE_ENDORSED] * 2


def test_a_batch_is_all_or_nothing(three):
    w = three
    with pytest.raises(transfer.ForwardError, match="同一接收单位"):
        transfer.forward(w.office_reviewer, w.office, [w.middle, w.senior])
    Route.objects.create(series=w.junior.series, level="assistant", host=w.host)
    other = s3.more_applications(w, "083", names="丙")[0]  # a 中级 draft: not the office's to send
    with pytest.raises(TransitionError) as e:
        transfer.forward(w.office_reviewer, w.office, [w.middle, w.junior, other])
    assert e.value.forbidden and e.value.problems[0].startswith("申报人丙：")
    assert moved(w.middle, w.junior) == [State.OFFICE_ENDORSED] * 2
    assert not Forwarding.objects.exists()
    batch = transfer.forward(w.office_reviewer, w.office, [w.middle, w.junior])
    assert [e.application for e in batch.entries.all()] == [w.middle, w.junior]
    assert moved(w.middle, w.junior) == [State.HOST_REVIEW] * 2


def test_forwarding_after_the_deadline_is_refused_naming_it(three):
    w = three
    schedule.set_step(w.office_reviewer, w.office, 2026, OfficeSchedule.Step.FORWARD,
                      starts_on=datetime.date(2026, 11, 30), working_days=5)  # Mon 30 Nov – Fri 4 Dec
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(transfer.ForwardError) as e:
            transfer.forward(w.office_reviewer, w.office, [w.middle])
    assert e.value.problems == ["报送截止日期为2026年12月4日，已超过规定时限，不能报送。请与省职改办联系。"]
    assert moved(w.middle) == [State.OFFICE_ENDORSED]
    with time_machine.travel(datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        batch = transfer.forward(w.office_reviewer, w.office, [w.middle])  # the last day still counts
    assert batch.deadline == datetime.date(2026, 12, 4)


def test_other_offices_cannot_forward(three):
    w = three
    with pytest.raises(transfer.ForwardError) as e:
        transfer.forward(w.other_office_reviewer, w.office, [w.middle])
    assert e.value.forbidden
    with pytest.raises(transfer.ForwardError) as e:
        transfer.forward(w.other_office_reviewer, w.office2, [w.middle])
    assert e.value.forbidden and "不属于本主管部门" in e.value.problems[0]
    assert moved(w.middle) == [State.OFFICE_ENDORSED]


def test_the_transfer_list_reads_back_as_xlsx_and_pdf_with_the_id_masked(three):
    w = three
    Route.objects.create(series=w.junior.series, level="assistant", host=w.host)
    batch = transfer.forward(w.office_reviewer, w.office, [w.middle, w.junior])
    ws = load_workbook(io.BytesIO(transfer.transfer_xlsx(batch))).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == [h for h, _ in transfer.COLUMNS]
    middle = w.middle.applicant
    assert rows[1][:8] == [1, "申报人甲", mask_id_number(middle.id_number), "河北电力设计院", "工程技术", "电气工程",
                           "工程师", "中级"]
    assert rows[1][9] == f"PJ{w.middle.pk:06d}" and rows[2][1] == "申报人乙" and len(rows) == 3
    assert middle.id_number not in str(rows)
    content = flat(text(transfer.transfer_pdf(batch)))
    assert "职称申报材料移交清单" in content and "申报人甲" in content and "申报人乙" in content
    assert "河北省工程技术评委会组建单位" in content and "移交人（签名）" in content
    assert middle.id_number not in content and mask_id_number(middle.id_number) in content


def test_the_steps_from_the_dossier_page_make_a_batch_of_one(three):
    from zhicheng.workflow import actions

    w = three
    assert {t.action for t in actions.available(w.office_reviewer, w.middle)} == {"forward_to_host", "disqualify"}
    assert {t.action for t in actions.available(w.office_reviewer, w.senior)} == {"forward_to_province",
                                                                                "disqualify"}
    actions.perform(w.middle, "forward_to_host", actor=w.office_reviewer)
    batch = Forwarding.objects.get()
    assert (batch.kind, batch.to_org, [e.application for e in batch.entries.all()]) == ("host", w.host, [w.middle])
    assert moved(w.middle) == [State.HOST_REVIEW]
