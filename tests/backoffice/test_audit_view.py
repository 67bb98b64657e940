"""The audit administrator's view (issue 6 §2): Chinese names for actions, roles, object types and states,
local time (Asia/Shanghai) on the list and the record page, and the filtered list exported to XLSX."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import record
from zhicheng.orgs.roles import Role

LIST = "/admin/audit/auditevent/"
EXPORT = "/admin/audit/auditevent/export/"
# 16:30 UTC on 1 December is 00:30 on 2 December in Beijing: the date itself changes.
UTC_INSTANT = datetime.datetime(2026, 12, 1, 16, 30, 5, tzinfo=datetime.UTC)


@pytest.fixture
def auditor(client, admins):
    client.force_login(admins[Role.AUDIT_ADMIN])
    return client


@pytest.fixture
def events(world):
    login = record("login", actor=world.hr, ip="10.0.0.8")
    step = record("submit", actor=world.applicant, obj=world.app, role=Role.APPLICANT, organization=world.unit,
                  from_state="draft", to_state="submitted")
    AuditEvent.objects.filter(pk=login.pk).update(time=UTC_INSTANT)
    return {"login": login, "submit": step}


def cells(html: str) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_list_shows_chinese_names_and_local_time(auditor, events):
    text = cells(auditor.get(LIST).content.decode())
    assert "2026-12-02 00:30:05" in text  # Beijing time, to the second
    assert " 登录 " in text and " 提交单位审核 " in text
    assert " 申报人员 " in text and f" 申报 #{events['submit'].object_id} " in text
    assert " 填写中 " in text and " 待单位审核 " in text
    for code in (" login ", " submit ", " applicant ", "dossier.application", " draft ", " submitted "):
        assert code not in text


def test_the_filters_offer_chinese_names(auditor, events):
    page = auditor.get(LIST).content.decode()
    assert "?action=login" in page and "?role=applicant" in page
    text = cells(page)
    assert "以 操作" in text and "以 角色" in text and "以 对象类型" in text


def test_a_record_page_shows_local_time_and_names(auditor, events):
    text = cells(auditor.get(f"{LIST}{events['login'].pk}/change/").content.decode())
    assert "2026-12-02 00:30:05" in text and "登录" in text and "10.0.0.8" in text


def test_a_role_change_reads_as_before_and_after(auditor, world, admins):
    from zhicheng.backoffice.roles import record_role_change

    a = world.hr.role_assignments.get()
    record_role_change(world.hr, before=("unit_hr", world.unit), after=a, actor=admins[Role.SECURITY_ADMIN])
    ev = AuditEvent.objects.get(action="role_change")
    text = cells(auditor.get(f"{LIST}{ev.pk}/change/").content.decode())
    assert "变更角色或范围" in text
    assert f"hr1：单位人事（{world.unit.name}） → 单位人事（{world.unit.name}）" in text


def test_searching_a_chinese_action_name_finds_its_events(auditor, events):
    text = cells(auditor.get(LIST, {"q": "提交单位审核"}).content.decode())
    assert " 提交单位审核 " in text and "2026-12-02 00:30:05" not in text


def test_the_filtered_list_exports_to_xlsx(auditor, events, admins):
    page = auditor.get(LIST, {"action": "login"}).content.decode()
    assert f'href="{EXPORT}?action=login"' in page
    r = auditor.get(EXPORT, {"action": "login"})
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment; filename*=UTF-8''%E5%AE%A1%E8%AE%A1")
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content) if r.streaming else r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("时间", "操作人", "角色", "组织", "操作", "对象类型")
    assert len(rows) == 2  # the filter applied: the login only
    assert rows[1][0] == "2026-12-02 00:30:05" and rows[1][4] == "登录" and rows[1][1] == "刘人事（hr1）"
    ev = AuditEvent.objects.get(action="audit_export")
    assert ev.actor == admins[Role.AUDIT_ADMIN] and ev.details == {"filter": "action=login", "rows": 1}


def test_an_unfiltered_export_has_every_event(auditor, events):
    ws = load_workbook(io.BytesIO(auditor.get(EXPORT).content)).active
    actions = {row[4] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert {"登录", "提交单位审核"} <= actions


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN])
def test_only_the_audit_admin_exports(client, admins, events, role):
    client.force_login(admins[role])
    assert client.get(EXPORT).status_code == 403
    assert not AuditEvent.objects.filter(action="audit_export").exists()
