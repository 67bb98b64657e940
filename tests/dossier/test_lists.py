"""The list of applications and its Excel export: filters, scope, masking, no formula injection."""

import io

from openpyxl import load_workbook

from .. import factories as f


def test_application_list_filters_by_state_and_name(client, world):
    f.submitted(world.app)
    second = f.submitted(f.application(world.applicant2, world.campaign, "083"))
    f.returned(second, world.hr, sections=["basic"])
    client.force_login(world.hr)
    body = client.get("/applications/?state=submitted").content.decode()
    assert "张建国" in body and "李秀英" not in body
    body = client.get("/applications/?q=李秀").content.decode()
    assert "李秀英" in body and "张建国" not in body


def test_list_export_xlsx_read_back(client, world):
    f.submitted(world.app)
    f.application(world.applicant2, world.campaign)
    client.force_login(world.hr)
    r = client.get("/applications/export.xlsx?state=submitted")
    assert r.status_code == 200 and "spreadsheetml" in r["Content-Type"]
    ws = load_workbook(io.BytesIO(r.content))["申报名单"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "姓名", "身份证号")
    assert len(rows) == 2 and rows[1][1] == "张建国" and rows[1][7] == "高级工程师" and rows[1][11] == "待单位审核"
    assert rows[1][2] == world.applicant.masked_id_number and world.applicant.id_number not in str(rows)
    assert rows[1][12].startswith("20") and "年" in rows[1][12]
    client.force_login(world.other_hr)
    rows = list(load_workbook(io.BytesIO(client.get("/applications/export.xlsx").content)).active.iter_rows(
        values_only=True))
    assert all("张建国" not in str(r) for r in rows)


def test_export_never_turns_typed_text_into_a_formula(client, world):
    world.app.specialty = '=HYPERLINK("http://evil","点我")'
    world.app.save()
    f.submitted(world.app)
    client.force_login(world.hr)
    ws = load_workbook(io.BytesIO(client.get("/applications/export.xlsx").content)).active
    cell = next(c for row in ws.iter_rows() for c in row if "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and str(cell.value).startswith("'=")


def test_an_export_over_its_limit_is_refused_in_chinese_never_cut(client, world, monkeypatch):
    """The workbook used to hold the first 20,000 rows without a word; now more than the limit is refused and the
    user is sent back to the same filtered list, where the message says how many and what to do."""
    from zhicheng.dossier import views_list

    f.submitted(world.app)  # two submitted applications of world.unit (the HR sees submitted ones)
    f.submitted(f.application(world.applicant2, world.campaign, "083"))
    client.force_login(world.hr)
    monkeypatch.setattr(views_list, "EXPORT_MAX_ROWS", 1)
    r = client.get("/applications/export.xlsx?q=&state=")
    assert r.status_code == 302 and r["Location"] == "/applications/?q=&state="
    body = client.get(r["Location"]).content.decode()
    assert "符合条件的申报共2份，超过一次导出的上限1份，请按状态、年度申报或姓名筛选后分批导出。" in body
    monkeypatch.setattr(views_list, "EXPORT_MAX_ROWS", 2)
    rows = list(load_workbook(io.BytesIO(client.get("/applications/export.xlsx").content)).active.iter_rows(
        values_only=True))
    assert len(rows) == 3  # the header and both applications: at the limit, nothing is dropped


def test_public_campaigns_page_instead_of_stopping_at_fifty(client, world):
    import re

    for year in range(2000, 2023):
        f.campaign(world.unit, world.hr, year=year)
    client.logout()
    seen, n = [], 1
    while True:
        html = client.get(f"/notices/?campaigns={n}").content.decode()
        listed = html.split('id="public-campaigns"')[1].split("</ul>")[0]
        seen += re.findall(r"(\d{4})年度职称申报", listed)
        if 'rel="next"' not in html.split('id="public-campaigns"')[1]:
            break
        n += 1
    assert seen == sorted(seen, reverse=True)  # newest year first, across pages
    assert [y for y in seen if y < "2023"] == [str(y) for y in range(2022, 1999, -1)]  # each once
