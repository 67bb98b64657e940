"""The campaign's lifecycle is declared in the one map: publish, then close once the window is over."""

import datetime

import pytest
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.campaigns.models import Campaign
from zhicheng.campaigns.services import CampaignError, close_campaign, publish_campaign

from .. import factories as f


def test_publish_goes_through_the_map_and_is_audited(world):
    c = f.campaign(world.unit, world.hr, status=Campaign.Status.DRAFT)
    publish_campaign(world.hr, c)
    assert c.status == Campaign.Status.OPEN
    ev = AuditEvent.objects.get(action="publish", object_id=str(c.pk))
    assert (ev.from_state, ev.to_state, ev.role) == ("draft", "open", "unit_hr")
    with pytest.raises(CampaignError, match="当前状态为“已发布（申报中）”"):
        publish_campaign(world.hr, c)


def test_publish_needs_titles_and_an_application_stage(world):
    c = f.campaign(world.unit, world.hr, status=Campaign.Status.DRAFT)
    c.open_titles.clear()
    c.stages.all().delete()
    with pytest.raises(CampaignError) as e:
        publish_campaign(world.hr, c)
    assert e.value.problems == ["尚未选择开放申报的职称。", "尚未设置“个人申报”阶段的时间。"]


def test_other_units_hr_may_not_publish(world):
    c = f.campaign(world.unit, world.hr, status=Campaign.Status.DRAFT)
    with pytest.raises(CampaignError) as e:
        publish_campaign(world.other_hr, c)
    assert e.value.forbidden


@pytest.mark.dates
def test_close_only_after_the_application_window(world):
    c = world.campaign
    end = c.stages.get(stage="application").ends_on
    with pytest.raises(CampaignError, match="截止后才能结束"):
        close_campaign(world.hr, c)
    c.stages.filter(stage="application").update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
    close_campaign(world.hr, c)
    c.refresh_from_db()
    assert c.status == Campaign.Status.CLOSED and end


@pytest.mark.dates
def test_campaign_page_offers_the_steps_of_the_map(world):
    from django.test import Client

    c = f.campaign(world.unit, world.hr, status=Campaign.Status.DRAFT)
    client = Client()
    client.force_login(world.hr)
    page = client.get(f"/campaigns/{c.pk}/").content.decode()
    assert 'id="step-publish"' in page and 'id="step-close"' not in page
    r = client.post(f"/campaigns/{c.pk}/publish/", follow=True)
    assert "已发布" in r.content.decode()
    page = client.get(f"/campaigns/{c.pk}/").content.decode()
    assert "step-" not in page  # open, and its window still running: nothing to do yet
    c.stages.filter(stage="application").update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
    page = client.get(f"/campaigns/{c.pk}/").content.decode()
    assert 'id="step-close"' in page
    assert client.post(f"/campaigns/{c.pk}/nonsense/").status_code == 404
    client.force_login(world.other_hr)
    assert client.post(f"/campaigns/{c.pk}/close/").status_code == 404  # another unit's campaign
    c.refresh_from_db()
    assert c.status == Campaign.Status.OPEN
