"""Annual campaign (年度申报工作部署): open titles, working-day deadlines, panel, publish, visibility."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.campaigns.models import Campaign
from zhicheng.campaigns.services import CampaignError, publish_campaign, save_campaign
from zhicheng.codes.models import Title

from .. import factories as f


def _form(world, **over):
    data = {"year": 2026, "name": "2026年度职称申报推荐工作", "conditions": "按评审条件", "policy_text": "真实",
            "titles": [Title.objects.get(code="083").pk, Title.objects.get(code="082").pk],
            "panel": [world.assessor.pk, world.leader.pk], "panel_leader": world.leader.pk,
            "application_start": "2026-09-29", "application_days": 5,
            "notice_start": "2026-10-12", "notice_days": 5}
    data.update(over)
    return data


def test_hr_creates_campaign_with_working_day_deadlines(client, world):
    client.force_login(world.hr)
    r = client.post("/campaigns/new/", _form(world))
    assert r.status_code == 302, r.content.decode()
    c = Campaign.objects.exclude(pk=world.campaign.pk).get(unit=world.unit)
    stages = {s.stage: s for s in c.stages.all()}
    assert stages["application"].ends_on == datetime.date(2026, 10, 10)  # over National Day, 调休 Saturday
    assert stages["notice"].ends_on == datetime.date(2026, 10, 16)  # after the application stage: Mon 12 – Fri 16
    assert c.status == Campaign.Status.DRAFT
    assert {p.user for p in c.panel_members.all()} == {world.assessor, world.leader}
    page = client.get(f"/campaigns/{c.pk}/").content.decode()
    assert "2026年10月10日" in page


def test_campaign_form_errors_are_listed_in_chinese(client, world):
    client.force_login(world.hr)
    r = client.post("/campaigns/new/", _form(world, titles=[], name="", application_days="", notice_days=""))
    body = r.content.decode()
    for msg in ["请至少选择一个开放申报的职称。", "请填写名称。", "请填写个人申报工作日数。", "须同时填写"]:
        assert msg in body


def test_panel_member_must_belong_to_the_unit(world):
    with pytest.raises(CampaignError, match="不是本单位人员"):
        save_campaign(world.hr, unit=world.unit, data={"year": 2026, "name": "x"},
                      titles=list(Title.objects.filter(code="083")), stages=[], panel=[(world.other_hr, "member")])


def test_2027_deadline_without_holiday_table_is_refused_clearly(client, world):
    client.force_login(world.hr)
    r = client.post("/campaigns/new/", _form(world, year=2027, application_start="2027-03-01"))
    assert "2027年的法定节假日和调休安排尚未录入" in r.content.decode()
    assert not Campaign.objects.filter(year=2027).exists()


def test_publish_makes_it_visible_to_unit_staff_only(client, world):
    c = f.campaign(world.unit, world.hr, status=Campaign.Status.DRAFT)
    c.name = "2026年度第二批职称申报"
    c.save()
    client.force_login(world.applicant)
    assert c.name not in client.get("/").content.decode()
    client.force_login(world.hr)
    client.post(f"/campaigns/{c.pk}/publish/")
    c.refresh_from_db()
    assert c.status == Campaign.Status.OPEN
    client.force_login(world.applicant)
    assert client.get(f"/campaigns/{c.pk}/").status_code == 200
    client.force_login(world.other_applicant)
    assert client.get(f"/campaigns/{c.pk}/").status_code == 404
    client.force_login(world.other_hr)
    assert client.post(f"/campaigns/{c.pk}/edit/", _form(world)).status_code == 404


def test_other_unit_hr_cannot_edit_and_policy_file_upload(client, world):
    client.force_login(world.hr)
    pdf = f.pdf_bytes("关于做好2026年度职称评审工作的通知")
    client.post(f"/campaigns/{world.campaign.pk}/attach/", {"title": "省厅通知", "file": SimpleUploadedFile("n.pdf", pdf)})
    att = world.campaign.attachments.get()
    client.force_login(world.applicant)
    r = client.get(f"/campaigns/{world.campaign.pk}/files/{att.pk}/")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    client.force_login(world.other_applicant)
    assert client.get(f"/campaigns/{world.campaign.pk}/files/{att.pk}/").status_code == 404


def test_policy_files_through_the_api(client, world):
    client.force_login(world.hr)
    pdf = f.pdf_bytes("关于做好2026年度职称评审工作的通知")
    r = client.post(f"/api/v1/campaigns/{world.campaign.pk}/attachments",
                    {"title": "省厅通知", "file": SimpleUploadedFile("n.pdf", pdf)})
    assert r.status_code == 201, r.content
    att_id = r.json()["id"]
    client.force_login(world.applicant)
    assert [a["title"] for a in client.get(f"/api/v1/campaigns/{world.campaign.pk}/attachments").json()] == ["省厅通知"]
    r = client.post(f"/api/v1/campaigns/{world.campaign.pk}/attachments",
                    {"title": "x", "file": SimpleUploadedFile("n.pdf", pdf)})
    assert r.status_code == 403
    r = client.get(f"/api/v1/campaigns/{world.campaign.pk}/attachments/{att_id}")
    assert r.status_code == 200 and b"".join(r.streaming_content) == pdf
    client.force_login(world.other_hr)
    assert client.get(f"/api/v1/campaigns/{world.campaign.pk}/attachments/{att_id}").status_code == 404


def test_an_applicant_of_the_campaign_cannot_sit_on_its_panel(world):
    titles = list(Title.objects.filter(code="083"))
    with pytest.raises(CampaignError, match="须回避"):
        save_campaign(world.hr, unit=world.unit, campaign=world.campaign, data={"year": 2026, "name": "x"},
                      titles=titles, stages=[], panel=[(world.applicant, "leader")])


def test_titles_already_applied_for_cannot_be_removed(world):
    with pytest.raises(CampaignError, match="已有人申报高级工程师"):  # world.app applies for 高级工程师 (082)
        save_campaign(world.hr, unit=world.unit, campaign=world.campaign, data={"year": 2026, "name": "x"},
                      titles=list(Title.objects.filter(code="083")), stages=[], panel=[])


def test_publish_updates_the_callers_object(world):
    c = f.campaign(world.unit, world.hr, status=Campaign.Status.DRAFT)
    publish_campaign(world.hr, c)
    assert c.status == Campaign.Status.OPEN
