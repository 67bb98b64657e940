"""The XLSX roster: the template reads back; every bad row reported by number; nothing created unless the
user asks for the good rows; content, size and row limits."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from zhicheng.audit.models import AuditEvent
from zhicheng.codes.models import Parameter
from zhicheng.errors import Refusal
from zhicheng.orgs import accounts, roster
from zhicheng.orgs.models import User

from .test_people_accounts import idn


def xlsx(rows, header=roster.HEADERS) -> SimpleUploadedFile:
    wb = Workbook()
    wb.active.append(list(header))
    for r in rows:
        wb.active.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("名册.xlsx", buf.getvalue())


def bad_check(n):
    good = idn(n)
    return good[:17] + ("0" if good[17] != "0" else "1")


def test_template_reads_back_as_its_header_and_an_example_skipped(db):
    ws = load_workbook(io.BytesIO(roster.template())).active
    assert [c.value for c in ws[1]] == list(roster.HEADERS)
    assert ws.column_dimensions["B"].number_format == "@"  # ID numbers stay text in Excel
    assert roster.read_roster(SimpleUploadedFile("t.xlsx", roster.template())) == []


ROWS = [("甲", idn(1), "13900000001"), ("", idn(2), "13900000002"), ("丙", bad_check(3), "13900000003"),
        (None, None, None), ("戊", idn(5), "139"), ("己", idn(1), "13900000006"), ("庚", idn(7), 13900000007)]


def test_every_bad_row_reported_with_its_number_and_nothing_created(world):
    rows = roster.read_roster(xlsx(ROWS))
    assert [n for n, _ in rows] == [2, 3, 4, 6, 7, 8]  # row 5 blank
    with pytest.raises(Refusal) as exc:
        accounts.import_people(world.hr, unit=world.unit, rows=rows)
    problems = exc.value.problems
    assert [p.split("：")[0] for p in problems[:-1]] == ["第3行", "第4行", "第6行", "第7行"]
    assert "请填写姓名" in problems[0] and "校验位错误" in problems[1] and "手机号码" in problems[2]
    assert "与第2行重复" in problems[3]
    assert problems[-1].startswith("名册有误，未创建任何账号")
    assert not User.objects.filter(id_number__in=[idn(1), idn(7)]).exists()
    assert not AuditEvent.objects.filter(action__in=["account_create", "roster_import"]).exists()


def test_good_rows_option_imports_the_rest_and_reports_the_bad(world):
    rows = roster.read_roster(xlsx(ROWS))
    result = accounts.import_people(world.hr, unit=world.unit, rows=rows, good_rows=True)
    assert [(i.row, i.user.id_number) for i in result.issued] == [(2, idn(1)), (8, idn(7))]
    assert len(result.problems) == 4 and all(i.user.must_change_password for i in result.issued)
    assert AuditEvent.objects.filter(action="account_create", actor=world.hr).count() == 2
    ev = AuditEvent.objects.get(action="roster_import")
    assert ev.details == {"created": 2, "bad_rows": 4} and ev.success is False


def test_import_into_another_unit_refused(world):
    rows = roster.read_roster(xlsx([("甲", idn(1), "13900000001")]))
    with pytest.raises(Refusal) as exc:
        accounts.import_people(world.other_hr, unit=world.unit, rows=rows, good_rows=True)
    assert exc.value.status == 403 and not User.objects.filter(id_number=idn(1)).exists()


def test_a_renamed_file_is_refused_by_its_content(db):
    with pytest.raises(Refusal) as exc:
        roster.read_roster(SimpleUploadedFile("名册.xlsx", "姓名,身份证号\n".encode()))
    assert exc.value.problems == [roster.NOT_XLSX]


def test_a_zip_that_is_not_a_workbook_is_refused(db):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(Refusal) as exc:
        roster.read_roster(SimpleUploadedFile("名册.xlsx", buf.getvalue()))
    assert exc.value.problems == [roster.NOT_XLSX]


def test_a_wrong_header_is_refused(db):
    with pytest.raises(Refusal) as exc:
        roster.read_roster(xlsx([], header=("姓名", "手机号码", "身份证号")))
    assert "名册第1行应为表头" in exc.value.problems[0]


def test_row_limit_is_a_parameter_at_its_edge(db):
    Parameter.objects.filter(key="roster_max_rows").update(value=3)
    from django.core.cache import cache

    cache.clear()
    three = [("某", idn(i), "13900000001") for i in range(3)]
    assert len(roster.read_roster(xlsx(three))) == 3
    with pytest.raises(Refusal) as exc:
        roster.read_roster(xlsx([*three, ("某", idn(9), "13900000001")]))
    assert exc.value.problems == ["名册最多3人，请分批导入。"]
