"""通知公告 (issue 6 §5): public notices and policy files, published by the staff of the province, the
offices and the units; each published campaign's conditions public, nothing about its applicants."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.audit.models import AuditEvent
from zhicheng.campaigns.models import Campaign, CampaignAttachment
from zhicheng.files.models import StoredFile
from zhicheng.notices import services
from zhicheng.notices.models import Notice

from .. import factories as f


def _notice(user, org, title="关于做好2026年度职称评审工作的通知", body="各单位：\n请按时申报。", **kw):
    return services.publish(user, publisher=org, title=title, body=body, **kw)


def test_public_list_and_detail_need_no_login(client, world):
    n = _notice(world.provincial, world.province)
    r = client.get("/notices/")
    assert r.status_code == 200
    body = r.content.decode()
    assert n.title in body and world.province.name in body
    r = client.get(f"/notices/{n.pk}/")
    assert r.status_code == 200
    assert '<div class="notice-body">各单位：\n请按时申报。</div>' in r.content.decode()


def test_login_page_links_to_the_notices(client, db):
    body = client.get("/login/").content.decode()
    assert 'href="/notices/" id="notices-link"' in body


def test_notices_newest_first_and_paginated(client, world):
    for i in range(22):
        _notice(world.hr, world.unit, title=f"通知{i:02d}")
    body = client.get("/notices/").content.decode()
    assert body.index("通知21") < body.index("通知20")
    assert "通知01" not in body and "共 22 条，第 1/2 页" in body
    assert "通知01" in client.get("/notices/?page=2").content.decode()


@pytest.mark.parametrize("who,org", [("provincial", "province"), ("office_reviewer", "office"), ("hr", "unit")])
def test_staff_of_province_offices_and_units_publish_in_their_own_name(world, who, org):
    user, organization = getattr(world, who), getattr(world, org)
    assert services.publisher_orgs(user) == [organization]
    n = _notice(user, organization)
    event = AuditEvent.objects.get(action="notice_publish", object_id=str(n.pk))
    assert event.actor == user and event.organization == organization


@pytest.mark.parametrize("who", ["applicant", "leader", "expert", "assessor"])
def test_others_may_not_publish(client, world, who):
    user = getattr(world, who)
    assert services.publisher_orgs(user) == []
    with pytest.raises(services.NoticeError) as exc:
        _notice(user, world.unit)
    assert exc.value.status == 403
    client.force_login(user)
    assert client.get("/notices/new/").status_code == 403
    assert not Notice.objects.exists()


def test_no_publishing_in_another_orgs_name(world):
    with pytest.raises(services.NoticeError) as exc:
        _notice(world.hr, world.other_unit)
    assert exc.value.status == 403 and exc.value.problems == ["您不能以该单位名义发布通知公告。"]


def test_publish_through_the_form_with_a_pdf(client, world):
    client.force_login(world.office_reviewer)
    r = client.post("/notices/new/", {"publisher": world.office.pk, "title": "政策文件汇编", "body": "见附件。",
                                      "attachment": SimpleUploadedFile("政策.pdf", f.pdf_bytes("政策文件"))})
    n = Notice.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/notices/{n.pk}/"
    assert n.publisher == world.office and n.attachment.original_name == "政策.pdf"
    client.logout()
    r = client.get(f"/notices/{n.pk}/file/")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]


def test_form_errors_are_chinese_and_listed(client, world):
    client.force_login(world.hr)
    r = client.post("/notices/new/", {"publisher": world.other_unit.pk, "title": "", "body": "  ",
                                      "attachment": SimpleUploadedFile("图.png", f.png_bytes())})
    body = r.content.decode()
    assert r.status_code == 200
    for msg in ["请选择您所在的发布单位。", "请填写标题。", "请填写正文。"]:
        assert msg in body
    assert not Notice.objects.exists()
    r = client.post("/notices/new/", {"publisher": world.unit.pk, "title": "通知", "body": "正文",
                                      "attachment": SimpleUploadedFile("图.png", f.png_bytes())})
    assert "此处只接受 PDF 格式的文件" in r.content.decode()
    assert not Notice.objects.exists()


def test_withdraw_only_by_the_publishing_org(client, world):
    n = _notice(world.hr, world.unit)
    client.force_login(world.other_hr)
    assert client.post(f"/notices/{n.pk}/withdraw/").status_code == 403
    client.force_login(world.hr)
    assert client.post(f"/notices/{n.pk}/withdraw/").status_code == 302
    assert not Notice.objects.exists()
    assert AuditEvent.objects.filter(action="notice_withdraw", actor=world.hr).count() == 1


def test_published_campaign_conditions_are_public_without_applicant_data(client, world):
    f.submitted(world.app)
    stored = StoredFile(original_name="评审条件.pdf", kind="pdf", size=10, sha256="0" * 64, uploaded_by=world.hr)
    stored.file.save("cond.pdf", ContentFile(f.pdf_bytes("评审条件")), save=False)
    stored.save()
    att = CampaignAttachment.objects.create(campaign=world.campaign, file=stored, title="工程技术系列评审条件")
    body = client.get("/notices/").content.decode()
    assert f'href="/notices/campaigns/{world.campaign.pk}/"' in body
    r = client.get(f"/notices/campaigns/{world.campaign.pk}/")
    body = r.content.decode()
    assert r.status_code == 200
    assert "按河北省相应系列评审条件执行。" in body and "材料须真实。" in body and "工程技术系列评审条件" in body
    assert "高级工程师" in body
    for private in [world.applicant.real_name, world.applicant.id_number, world.applicant.phone, "申报人"]:
        assert private not in body
    r = client.get(f"/notices/campaigns/{world.campaign.pk}/files/{att.pk}/")
    assert r.status_code == 200
    assert client.get(f"/notices/campaigns/{world.other_campaign.pk}/files/{att.pk}/").status_code == 404


def test_draft_campaigns_are_not_public(client, world):
    draft = f.campaign(world.unit, world.hr, status=Campaign.Status.DRAFT, year=2027)
    assert client.get(f"/notices/campaigns/{draft.pk}/").status_code == 404
    assert draft.name not in client.get("/notices/").content.decode()
