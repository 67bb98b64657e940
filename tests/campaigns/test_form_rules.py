"""The campaign form's rules (issue 6 §5): stages in order without overlap, a 公示 of at least 5 working
days (a parameter that may lengthen it, never shorten it), each message beside its stage's row, the chosen
titles still checked after an error, no applicant on the panel, publishing asks for confirmation."""

from __future__ import annotations

import re

import pytest

from zhicheng.campaigns.models import Campaign
from zhicheng.campaigns.schedule import notice_min_days
from zhicheng.codes.models import Parameter, Title

from .. import factories as f


def _form(world, **over) -> dict:
    data = {"year": 2026, "name": "2026年度职称申报推荐工作", "conditions": "", "policy_text": "",
            "titles": [Title.objects.get(code="083").pk, Title.objects.get(code="082").pk],
            "panel": [world.assessor.pk, world.leader.pk], "panel_leader": world.leader.pk,
            # Mon 2 – Fri 6 November
            "application_start": "2026-11-02", "application_days": 5}
    data.update(over)
    return data


def _row(page: str, stage: str) -> str:
    match = re.search(rf'<tr id="stage-{stage}"[^>]*>.*?</tr>', page, re.S)
    assert match, f"no row for {stage}"
    return match.group(0)


def _created(world) -> Campaign | None:
    return Campaign.objects.exclude(pk=world.campaign.pk).filter(unit=world.unit).first()


def test_a_stage_starting_on_the_previous_stages_last_day_is_refused_beside_its_row(client, world):
    client.force_login(world.hr)
    r = client.post("/campaigns/new/", _form(world, verification_start="2026-11-06", verification_days=2))
    assert r.status_code == 200
    page = r.content.decode()
    message = "“单位审核材料”须在上一阶段“个人申报”截止（2026年11月6日）之后开始，各阶段不能重叠。"
    assert message in _row(page, "verification")
    assert message not in _row(page, "application")
    assert 'class="field-error"' in _row(page, "verification")
    assert _created(world) is None


def test_a_stage_starting_the_day_after_the_previous_one_ends_is_accepted(client, world):
    client.force_login(world.hr)
    r = client.post("/campaigns/new/", _form(world, verification_start="2026-11-09", verification_days=2))
    assert r.status_code == 302, r.content.decode()
    assert [s.stage for s in _created(world).stages.all()] == ["application", "verification"]


def test_stages_out_of_order_are_refused(client, world):
    """结果公示 before 个人申报 even ends: refused on the 公示 row, whatever the order the rows were typed in."""
    client.force_login(world.hr)
    r = client.post("/campaigns/new/", _form(world, notice_start="2026-10-12", notice_days=5))
    assert "“结果公示”须在上一阶段“个人申报”截止（2026年11月6日）之后开始" in _row(r.content.decode(), "notice")
    assert _created(world) is None


def test_the_next_stage_is_compared_with_the_last_filled_stage(client, world):
    """A stage left empty is skipped: 考核评议 follows 单位审核材料 directly."""
    client.force_login(world.hr)
    r = client.post("/campaigns/new/", _form(world, verification_start="2026-11-09", verification_days=5,
                                             scoring_start="2026-11-12", scoring_days=2))
    assert "上一阶段“单位审核材料”截止（2026年11月13日）" in _row(r.content.decode(), "scoring")


@pytest.mark.parametrize(("days", "accepted"), [(4, False), (5, True)])
def test_notice_lasts_at_least_five_working_days(client, world, days, accepted):
    client.force_login(world.hr)
    r = client.post("/campaigns/new/", _form(world, notice_start="2026-11-09", notice_days=days))
    if accepted:
        assert r.status_code == 302
        assert _created(world).stages.get(stage="notice").working_days == 5
    else:
        assert "“结果公示”不少于5个工作日（公示期不少于5个工作日）。" in _row(r.content.decode(), "notice")
        assert _created(world) is None


def test_the_notice_parameter_lengthens_the_minimum(client, world):
    Parameter.objects.update_or_create(key="notice_working_days", defaults={"name": "单位公示最少工作日", "value": 7})
    assert notice_min_days() == 7
    client.force_login(world.hr)
    r = client.post("/campaigns/new/", _form(world, notice_start="2026-11-09", notice_days=6))
    page = r.content.decode()
    assert "“结果公示”不少于7个工作日" in _row(page, "notice")
    r = client.post("/campaigns/new/", _form(world, notice_start="2026-11-09", notice_days=7))
    assert r.status_code == 302


def test_the_notice_parameter_never_shortens_it_below_five(client, world):
    Parameter.objects.update_or_create(key="notice_working_days", defaults={"name": "单位公示最少工作日", "value": 3})
    assert notice_min_days() == 5
    client.force_login(world.hr)
    r = client.post("/campaigns/new/", _form(world, notice_start="2026-11-09", notice_days=4))
    assert "“结果公示”不少于5个工作日" in _row(r.content.decode(), "notice")


def test_the_api_refuses_a_short_notice_with_the_same_words(client, world):
    client.force_login(world.hr)
    body = {"year": 2026, "name": "2026年度", "conditions": "", "policy_text": "",
            "title_ids": [Title.objects.get(code="082").pk], "panel": [],
            "stages": [{"stage": "application", "starts_on": "2026-11-02", "working_days": 5},
                       {"stage": "notice", "starts_on": "2026-11-06", "working_days": 4}]}
    r = client.post("/api/v1/campaigns", body, content_type="application/json")
    assert r.status_code == 422
    assert set(r.json()["detail"]) == {
        "“结果公示”不少于5个工作日（公示期不少于5个工作日）。",
        "“结果公示”须在上一阶段“个人申报”截止（2026年11月6日）之后开始，各阶段不能重叠。"}
    assert set(r.json()["fields"]) == {"stages"}


def test_chosen_titles_stay_checked_after_an_error(client, world):
    client.force_login(world.hr)
    chosen = [Title.objects.get(code="083").pk, Title.objects.get(code="082").pk]
    r = client.post("/campaigns/new/", _form(world, name="", titles=chosen))
    page = r.content.decode()
    assert "请填写名称。" in page
    for pk in chosen:
        assert f'value="{pk}" checked' in page
    not_chosen = Title.objects.get(code="Z0801").pk
    assert f'value="{not_chosen}" checked' not in page and f'value="{not_chosen}"' in page


def test_the_edit_page_shows_the_campaigns_titles_checked(client, world):
    client.force_login(world.hr)
    page = client.get(f"/campaigns/{world.campaign.pk}/edit/").content.decode()
    for t in world.campaign.open_titles.all():
        assert f'value="{t.pk}" checked' in page


def test_an_applicant_on_the_panel_is_refused_beside_the_panel_field(client, world):
    """world.applicant applies in world.campaign: putting them on its panel is refused next to the panel."""
    client.force_login(world.hr)
    r = client.post(f"/campaigns/{world.campaign.pk}/edit/", _form(
        world, panel=[world.applicant.pk, world.leader.pk], panel_leader=world.leader.pk,
        titles=list(world.campaign.open_titles.values_list("pk", flat=True))))
    assert r.status_code == 200
    page = r.content.decode()
    fieldset = re.search(r'<fieldset id="panel-field".*?</fieldset>', page, re.S).group(0)
    assert "张建国本年度参加申报，须回避，不能担任推荐组织成员。" in fieldset
    assert not world.campaign.panel_members.filter(user=world.applicant).exists()


def test_the_api_names_the_panel_for_an_applicant_on_it(client, world):
    client.force_login(world.hr)
    body = {"year": 2026, "name": "2026年度", "conditions": "", "policy_text": "",
            "title_ids": list(world.campaign.open_titles.values_list("pk", flat=True)),
            "panel": [{"user_id": world.applicant.pk, "duty": "member"}],
            "stages": [{"stage": "application", "starts_on": "2026-11-02", "working_days": 5}]}
    r = client.put(f"/api/v1/campaigns/{world.campaign.pk}", body, content_type="application/json")
    assert r.status_code == 422
    assert r.json()["fields"] == {"panel": ["张建国本年度参加申报，须回避，不能担任推荐组织成员。"]}


def test_the_publish_button_asks_for_confirmation(client, world):
    c = f.campaign(world.unit, world.hr, status=Campaign.Status.DRAFT)
    client.force_login(world.hr)
    page = client.get(f"/campaigns/{c.pk}/").content.decode()
    assert re.search(r'<button[^>]*id="step-publish"[^>]*data-confirm="发布后本单位人员即可看到并开始申报。确认发布？"', page)
