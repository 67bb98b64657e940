"""Starting an application (§一): from the home page, once per campaign, only for the titles opened."""

from zhicheng.codes.models import Title

from .. import factories as f


def test_applicant_starts_application_from_home(client, world):
    other = f.user("applicant", world.unit, name="钱多多")
    client.force_login(other)
    home = client.get("/").content.decode()
    assert world.campaign.name in home and "开始申报" in home
    r = client.post("/applications/new/", {"campaign": world.campaign.pk,
                                            "title": Title.objects.get(code="083").pk, "specialty": "电力系统"})
    assert r.status_code == 302
    r = client.post("/applications/new/", {"campaign": world.campaign.pk,
                                            "title": Title.objects.get(code="083").pk, "specialty": "电力系统"})
    assert "已有一份申报，不能重复申报" in r.content.decode()


def test_title_not_opened_is_refused(client, world):
    other = f.user("applicant", world.unit, name="孙悟空")
    client.force_login(other)
    r = client.post("/applications/new/", {"campaign": world.campaign.pk,
                                            "title": Title.objects.get(code="013").pk, "specialty": "x"})
    assert "请选择申报职称" in r.content.decode()
