"""统计: the figures of a small constructed world, per scope (office, host, province), the year filter,
the charts and tables, the XLSX export, the API and who may see it."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from zhicheng.statistics import services
from zhicheng.workflow.states import State

from . import world as sw


@pytest.fixture
def w(world):
    return sw.build(world)


def rows(items):
    return {r.label: (r.total, r.passed, r.failed, r.rate_text) for r in items}


def test_every_state_belongs_to_one_stage():
    assert set(services.STAGE_OF) == set(State)
    assert sum(len(states) for _c, _l, states in services.STAGES) == len(State)


def test_office_sees_its_units_upward(w):
    d = services.dashboard(w.office_reviewer)
    assert d.total == 6  # the draft (world.app) and the other office's applications are not counted
    assert rows(d.by_series) == {"实验技术": (2, 0, 0, "—"), "工程技术": (4, 2, 1, "66.7%")}
    assert rows(d.by_level) == {"副高级": (2, 2, 0, "100.0%"), "中级": (4, 0, 1, "0.0%")}
    assert [r.label for r in d.by_level] == ["副高级", "中级"]  # the levels' own order
    assert rows(d.by_unit) == {"河北电力设计院": (6, 2, 1, "66.7%")}
    stages = {r.key: r.total for r in d.by_stage}
    assert stages == {"§一": 0, "§二": 0, "§三": 1, "§四": 4, "§五": 1, "—": 0}
    assert {r.key: r.total for r in d.by_state} == {"prereview_returned": 1, "host_review": 1,
                                                     "host_returned": 1, "passed": 1, "failed": 1, "issued": 1}
    # a5's deadline passed yesterday; a7's is today (not yet overdue)
    assert d.overdue_count == 1 and [a.pk for a, _d in d.overdue] == [w.a5.pk]


def test_host_sees_what_was_sent_to_it(w):
    d = services.dashboard(w.host_user)
    assert d.total == 4
    assert (d.overall.passed, d.overall.failed, d.overall.rate_text) == (3, 1, "75.0%")
    assert rows(d.by_unit) == {"河北电力设计院": (3, 2, 1, "66.7%"), "石家庄市第一医院": (1, 1, 0, "100.0%")}
    assert d.overdue_count == 0


def test_province_sees_everything_and_filters_by_year(w):
    d = services.dashboard(w.provincial)
    assert d.total == 8 and (d.overall.passed, d.overall.failed) == (3, 2)
    assert d.years == [2026, 2025]
    assert services.dashboard(w.provincial, year=2026).total == 7
    d25 = services.dashboard(w.provincial, year=2025)
    assert d25.total == 1 and rows(d25.by_series) == {"工程技术": (1, 0, 1, "0.0%")}
    assert services.dashboard(w.provincial, year=2024).total == 0


@pytest.mark.parametrize("who", ["applicant", "hr", "leader", "expert", "assessor"])
def test_other_roles_get_403(w, client, who):
    client.force_login(getattr(w, who))
    assert client.get("/statistics/").status_code == 403
    assert client.get("/statistics/export.xlsx").status_code == 403
    assert client.get("/api/v1/statistics").status_code == 403


def test_page_shows_charts_and_tables(w, client):
    client.force_login(w.office_reviewer)
    r = client.get("/statistics/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "<svg" in html and "<script" not in html.split("<main", 1)[1]
    assert "<title>工程技术：4</title>" in html and "<title>副高级：2</title>" in html
    assert 'id="by-series"' in html and "66.7%" in html
    assert 'id="overdue-count">1<' in html and f"/applications/{w.a5.pk}/" in html
    assert "石家庄市第一医院" not in html


def test_year_filter_on_the_page(w, client):
    client.force_login(w.provincial)
    html = client.get("/statistics/?year=2025").content.decode()
    assert 'id="total">1<' in html and "2025年度" in html
    assert 'id="total">8<' in client.get("/statistics/?year=abc").content.decode()  # a bad year: all years


def test_xlsx_export(w, client):
    client.force_login(w.host_user)
    r = client.get("/statistics/export.xlsx")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    ws = load_workbook(io.BytesIO(r.content)).active
    data = [[c.value for c in row] for row in ws.iter_rows()]
    assert data[0] == list(services.EXPORT_HEADERS)
    assert ["合计", "合计", 4, 4, 3, 1, "75.0%"] in data
    assert ["单位", "石家庄市第一医院", 1, 1, 1, 0, "100.0%"] in data
    assert ["逾期未补正", "§三、§四一次性告知逾期", 0, None, None, None, None] in data


def test_api(w, client):
    client.force_login(w.office_reviewer)
    body = client.get("/api/v1/statistics?year=2026").json()
    assert body["total"] == 6 and body["overall"]["passed"] == 2 and body["overall"]["rate"] == 66.7
    assert body["overdue_count"] == 1 and body["overdue"][0]["id"] == w.a5.pk
    assert {r["label"] for r in body["by_unit"]} == {"河北电力设计院"}
