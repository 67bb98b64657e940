"""A campaign is validated once, by the campaigns app's form: the screen and the API refuse the same bad
input with the same Chinese messages and the same limits."""

from __future__ import annotations

import pytest

from zhicheng.campaigns.models import Campaign
from zhicheng.codes.models import Title

from .matrix import API, login


def screen_data(w) -> dict:
    return {"year": "2026", "name": "2026年度职称申报", "conditions": "", "policy_text": "",
            "titles": [str(Title.objects.get(code="082").pk)], "panel": [str(w.hr.pk)], "panel_leader": str(w.hr.pk),
            "application_start": "2026-11-02", "application_days": "20"}


def api_data(w) -> dict:
    return {"year": 2026, "name": "2026年度职称申报", "conditions": "", "policy_text": "",
            "title_ids": [Title.objects.get(code="082").pk],
            "stages": [{"stage": "application", "starts_on": "2026-11-02", "working_days": 20}],
            "panel": [{"user_id": w.hr.pk, "duty": "leader"}]}


def _stage(days, stage="application", start="2026-11-02"):
    return {"stage": stage, "starts_on": start, "working_days": days}


# case: (what the screen posts instead, what the API sends instead, the API's field names with messages)
CASES = {
    "year-too-early": ({"year": "1999"}, {"year": 1999}, {"year"}),
    "year-too-late": ({"year": "2101"}, {"year": 2101}, {"year"}),
    "no-name": ({"name": "  "}, {"name": "  "}, {"name"}),
    "long-name": ({"name": "长" * 101}, {"name": "长" * 101}, {"name"}),
    "long-conditions": ({"conditions": "长" * 20001}, {"conditions": "长" * 20001}, {"conditions"}),
    "long-policy": ({"policy_text": "长" * 20001}, {"policy_text": "长" * 20001}, {"policy_text"}),
    "no-title": ({"titles": []}, {"title_ids": []}, {"title_ids"}),
    "unknown-title": ({"titles": ["999999"]}, {"title_ids": [999999]}, {"title_ids"}),
    "huge-title-id": ({"titles": ["99999999999999999999"]}, {"title_ids": [10**20]}, {"title_ids"}),
    "too-many-days": ({"application_days": "121"}, {"stages": [_stage(121)]}, {"stages"}),
    "zero-days": ({"application_days": "0"}, {"stages": [_stage(0)]}, {"stages"}),
    "no-application-stage": ({"application_start": "", "application_days": ""}, {"stages": []}, {"stages"}),
    "notice-too-long": ({"notice_start": "2026-12-01", "notice_days": "500"},
                        {"stages": [_stage(20), _stage(500, "notice", "2026-12-01")]}, {"stages"}),
    "outsider-on-panel": ({"panel": ["OTHER_HR"], "panel_leader": ""},
                          {"panel": [{"user_id": "OTHER_HR"}]}, {"panel"}),
    "year-beyond-the-calendar": ({"application_start": "0001-01-02"}, {"stages": [_stage(20, start="0001-01-02")]},
                                 {"stages"}),
}


def _fill(data: dict, w) -> dict:
    def swap(v):
        if v == "OTHER_HR":
            return w.other_hr.pk
        if isinstance(v, list):
            return [swap(x) for x in v]
        if isinstance(v, dict):
            return {k: swap(x) for k, x in v.items()}
        return v

    return {k: swap(v) for k, v in data.items()}


def test_the_baselines_are_accepted_by_both(mw):
    hr = login(mw, "hr")
    r = hr.post("/campaigns/new/", screen_data(mw))
    assert r.status_code == 302, r.context["form"].errors if r.context else r
    r = hr.post(f"{API}/campaigns", api_data(mw), content_type="application/json")
    assert r.status_code == 201, r.content.decode()


@pytest.mark.parametrize("case", list(CASES))
def test_screen_and_api_refuse_with_the_same_messages(mw, case):
    screen_change, api_change, api_fields = CASES[case]
    hr = login(mw, "hr")
    before = Campaign.objects.count()
    r = hr.post("/campaigns/new/", {**screen_data(mw), **_fill(screen_change, mw)})
    assert r.status_code == 200, "the screen accepted it"
    form = r.context["form"]
    on_screen = {str(e) for errors in form.errors.values() for e in errors}
    assert on_screen
    page = r.content.decode()
    assert all(message in page for message in on_screen)
    r = hr.post(f"{API}/campaigns", {**api_data(mw), **_fill(api_change, mw)}, content_type="application/json")
    assert r.status_code == 422, r.content.decode()
    assert set(r.json()["detail"]) == on_screen
    assert set(r.json()["fields"]) == api_fields
    assert Campaign.objects.count() == before


def test_api_only_shapes_are_refused_in_the_same_words(mw):
    """What the screen cannot send — two leaders, a stage twice — is refused with the service's words."""
    hr = login(mw, "hr")
    two_leaders = {**api_data(mw), "panel": [{"user_id": mw.hr.pk, "duty": "leader"},
                                             {"user_id": mw.leader.pk, "duty": "leader"}]}
    r = hr.post(f"{API}/campaigns", two_leaders, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"] == ["推荐组织只能有一名组长。"]
    assert r.json()["fields"] == {"panel": ["推荐组织只能有一名组长。"]}
    twice = {**api_data(mw), "stages": [_stage(20), _stage(10)]}
    r = hr.post(f"{API}/campaigns", twice, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"] == ["“个人申报”阶段只能设置一次。"]


def test_update_uses_the_same_form(mw):
    hr = login(mw, "hr")
    r = hr.put(f"{API}/campaigns/{mw.draft_campaign.pk}", {**api_data(mw), "name": "长" * 101},
               content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"] == ["名称不超过100个字。"]
    r = hr.post(f"/campaigns/{mw.draft_campaign.pk}/edit/", {**screen_data(mw), "name": "长" * 101})
    assert r.status_code == 200 and list(r.context["form"].errors["name"]) == ["名称不超过100个字。"]
