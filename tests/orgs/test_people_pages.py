"""The 人员账号 pages: reachable from the home page for HR and the office, thin over orgs.accounts."""

import io
import re

from openpyxl import load_workbook

from zhicheng.orgs.models import User

from .. import factories as f
from .test_people_accounts import idn
from .test_roster_import import ROWS, xlsx


def test_home_links_people_for_hr_and_office_only(client, world):
    for user, shown in ((world.hr, True), (world.office_reviewer, True), (world.applicant, False),
                        (world.leader, False)):
        client.force_login(user)
        assert ('href="/people/"' in client.get("/").content.decode()) is shown


def test_people_page_refused_to_others(client, world):
    client.force_login(world.applicant)
    assert client.get("/people/").status_code == 403
    assert client.get("/people/template.xlsx").status_code == 403


def test_people_page_lists_own_people_masked(client, world):
    client.force_login(world.hr)
    page = client.get("/people/").content.decode()
    assert world.applicant.real_name in page and world.other_applicant.real_name not in page
    assert world.applicant.id_number not in page and world.applicant.masked_id_number in page


def _slip_password(html: str) -> str:
    return re.search(r'<span class="pw">([^<]+)</span>', html).group(1)


def test_create_shows_the_password_once_and_first_login_must_change_it(client, world):
    client.force_login(world.hr)
    r = client.post("/people/new/", {"unit": world.unit.pk, "real_name": "新人", "id_number": idn(1),
                                     "phone": "13912345678"})
    html = r.content.decode()
    assert r.status_code == 200 and "只显示这一次" in html and "no-store" in r["Cache-Control"]
    password = _slip_password(html)
    client.logout()
    r = client.post("/login/", {"username": idn(1), "password": password})
    assert r.status_code == 302 and client.get("/")["Location"] == "/password/"


def test_create_form_shows_the_id_error_beside_the_field(client, world):
    client.force_login(world.hr)
    r = client.post("/people/new/", {"unit": world.unit.pk, "real_name": "新人", "id_number": idn(1)[:17] + "Y",
                                     "phone": "13912345678"})
    assert "身份证号前17位须为数字，最后一位为数字或X。" in r.content.decode()
    assert not User.objects.filter(real_name="新人").exists()


def test_create_in_a_unit_not_managed_is_a_form_error(client, world):
    client.force_login(world.hr)
    r = client.post("/people/new/", {"unit": world.other_unit.pk, "real_name": "新人", "id_number": idn(1),
                                     "phone": "13912345678"})
    assert "请选择您管理的单位。" in r.content.decode() and not User.objects.filter(real_name="新人").exists()


def test_reset_from_the_page_and_out_of_scope_is_not_found(client, world):
    client.force_login(world.other_hr)
    assert client.post(f"/people/{world.applicant.pk}/reset-password/").status_code == 404
    client.force_login(world.hr)
    r = client.post(f"/people/{world.applicant.pk}/reset-password/")
    world.applicant.refresh_from_db()
    assert world.applicant.check_password(_slip_password(r.content.decode()))
    assert client.get(f"/people/{world.applicant.pk}/reset-password/").status_code == 405


def test_roster_page_reports_every_bad_row_and_creates_nothing(client, world):
    client.force_login(world.hr)
    r = client.post("/people/import/", {"unit": world.unit.pk, "roster": xlsx(ROWS)})
    html = r.content.decode()
    assert all(f"第{n}行" in html for n in (3, 4, 6, 7)) and "未创建任何账号" in html
    assert not User.objects.filter(id_number=idn(1)).exists()
    r = client.post("/people/import/", {"unit": world.unit.pk, "roster": xlsx(ROWS), "good_rows": "on"})
    html = r.content.decode()
    assert "已导入2人，4行有误未导入" in html and html.count('class="pw"') == 2
    assert User.objects.filter(id_number__in=[idn(1), idn(7)]).count() == 2


def test_template_download(client, world):
    client.force_login(world.office_reviewer)
    r = client.get("/people/template.xlsx")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats") and "attachment" in r["Content-Disposition"]
    assert [c.value for c in load_workbook(io.BytesIO(r.content)).active[1]] == ["姓名", "身份证号", "手机号码"]


def test_lockout_names_who_can_help_and_a_reset_lifts_it(client, world):
    for _ in range(5):
        client.post("/login/", {"username": world.applicant.username, "password": "wrong-Pass1"})
    r = client.post("/login/", {"username": world.applicant.username, "password": f.PASSWORD})
    html = r.content.decode()
    assert r.status_code == 429 and "本单位人事工作人员（单位人事）" in html and "主管部门审核人员" in html
    hr = client.__class__()
    hr.force_login(world.hr)
    password = _slip_password(hr.post(f"/people/{world.applicant.pk}/reset-password/").content.decode())
    r = client.post("/login/", {"username": world.applicant.username, "password": password})
    assert r.status_code == 302


def test_people_page_queries_do_not_grow_with_people(client, world, django_assert_max_num_queries):
    for i in range(15):
        f.user("applicant", world.unit, name=f"人员{i}")
    client.force_login(world.office_reviewer)
    with django_assert_max_num_queries(12):
        r = client.get("/people/")
    assert r.status_code == 200 and "人员14" in r.content.decode()
