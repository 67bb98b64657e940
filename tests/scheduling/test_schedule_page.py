"""/office/schedule/: the office's reviewers set the §三 deadlines; others are refused; bad input is named."""

import datetime

import pytest
import time_machine

from zhicheng.office_review.models import OfficeSchedule

from ..support import stage2

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

URL = "/office/schedule/"


@pytest.fixture
def on_day():
    with time_machine.travel(stage2.at(datetime.date(2026, 9, 21)), tick=False):
        yield


def test_the_reviewer_sets_a_step_over_national_day_and_sees_chinese_dates(client, world, on_day):
    client.force_login(world.office_reviewer)
    r = client.post(URL, {"step": "online", "starts_on": "2026-09-29", "working_days": "5"}, follow=True)
    html = r.content.decode()
    assert "已设置网上申报：2026年9月29日起5个工作日，至2026年10月10日截止。" in html
    assert "<td>2026年9月29日</td><td>5</td><td>2026年10月10日</td>" in html
    row = OfficeSchedule.objects.get(office=world.office, year=2026, step="online")
    assert row.ends_on == datetime.date(2026, 10, 10) and row.updated_by == world.office_reviewer
    assert html.count("尚未设置") == 3


@pytest.mark.parametrize(("data", "message"), [
    ({"step": "online", "starts_on": "2026-09-29", "working_days": "0"}, "工作日数应在1至200之间。"),
    ({"step": "online", "starts_on": "29/09/2026", "working_days": "5"}, "开始日期格式不正确，应为 2026-11-26。"),
    ({"step": "online", "starts_on": "", "working_days": "5"}, "请填写开始日期。"),
    ({"step": "nope", "starts_on": "2026-09-29", "working_days": "5"}, "未知的环节。"),
    ({"step": "online", "starts_on": "2026-09-29", "working_days": "五"}, "工作日数应为整数。"),
    ({"step": "online", "starts_on": "2027-12-20", "working_days": "5"}, "2027年的法定节假日和调休安排尚未录入"),
])
def test_bad_input_is_refused_with_a_message(client, world, on_day, data, message):
    client.force_login(world.office_reviewer)
    r = client.post(URL, data)
    assert r.status_code == 200 and message in r.content.decode()
    assert not OfficeSchedule.objects.exists()


def test_only_office_reviewers_see_the_page_and_only_their_own_office(client, world, on_day):
    for person in (world.applicant, world.hr, world.provincial):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"step": "online", "starts_on": "2026-09-29", "working_days": "5"}).status_code == 403
    client.force_login(world.other_office_reviewer)
    assert client.get(f"{URL}?office={world.office.pk}").status_code == 404
    assert client.post(f"{URL}?office={world.office.pk}",
                       {"step": "online", "starts_on": "2026-09-29", "working_days": "5"}).status_code == 404
    assert client.get(f"{URL}?year=abc").status_code == 404
    assert not OfficeSchedule.objects.exists()
    # the other office's reviewer sets their own office's schedule, which the first office does not see
    client.post(URL, {"step": "online", "starts_on": "2026-09-29", "working_days": "5"})
    assert OfficeSchedule.objects.get().office == world.office2
    client.force_login(world.office_reviewer)
    assert client.get(URL).content.decode().count("尚未设置") == 4


def test_anonymous_is_sent_to_login(client):
    r = client.get(URL)
    assert r.status_code == 302 and "/login/" in r["Location"]
