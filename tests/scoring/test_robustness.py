"""Hostile input to every write of the scoring stage, UI and API (tests/support/robustness.py): never a 500,
a refusal in Chinese, nothing stored that PostgreSQL would refuse."""

import pytest

from zhicheng.scoring import meetings, services

from ..support.robustness import API, HOSTILE, JSON_HOSTILE, Findings, logged_in, send, send_json
from .helpers import assign_all, panel, score_all, verified_apps

pytestmark = pytest.mark.usefixtures("verify_built")


@pytest.fixture
def stage(world):
    apps = verified_apps(world, 2)
    chair, member = panel(world, 2)
    asgs = assign_all(world, apps, [chair, member])
    score_all({k: v for k, v in asgs.items() if k[0] == apps[1].pk}, {})
    world.apps, world.chair, world.member, world.asgs = apps, chair, member, asgs
    world.asg = asgs[(apps[0].pk, member.pk)]
    world.scheme = services.campaign_scheme(world.campaign)
    world.meeting = meetings.schedule(world.hr, world.campaign, kind="defense", held_on=world.campaign.stages.first()
                                      .starts_on, place="会议室", member_user_ids=[chair.pk],
                                      application_ids=[apps[0].pk])
    world.hearing = world.meeting.hearings.get()
    return world


def test_ui_writes(stage):
    w, found = stage, Findings()
    hr, member, chair = logged_in(w.hr), logged_in(w.member), logged_in(w.chair)
    codes = [c.code for c in services.assessor_categories(w.scheme)]
    cats = list(w.scheme.categories.all())
    app = w.apps[0]
    group = f"/scoring/campaigns/{w.campaign.pk}/{app.series_id}/{app.level}/"
    for hid, value in HOSTILE.items():
        found.ui(send(member, "post", f"/scoring/assignments/{w.asg.pk}/",
                      {**{f"score_{c}": value for c in codes}, "submit": "1"}), context=f"score {hid}")
        found.ui(send(hr, "post", group + "quota/", {"count": value}), context=f"quota {hid}")
        found.ui(send(hr, "post", f"/scoring/schemes/{w.scheme.pk}/", {
            "aggregation": value, "tie_break": [value], **{f"max_{c.pk}": value for c in cats},
            **{f"name_{c.pk}": value for c in cats}, **{f"table_{c.pk}": value for c in cats if c.rule}}),
            context=f"scheme {hid}")
        found.ui(send(hr, "post", f"/scoring/campaigns/{w.campaign.pk}/meetings/new/", {
            "kind": value, "held_on": value, "place": value, "members": [value], f"order_{app.pk}": value}),
            context=f"meeting {hid}")
        found.ui(send(hr, "post", f"/scoring/meetings/{w.meeting.pk}/", {
            "hearing": w.hearing.pk, "report_summary": value, "questions": value, "answer_quality": value,
            "evaluation": value}), context=f"hearing {hid}")
        found.ui(send(chair, "post", f"/scoring/assignments/{w.asgs[(w.apps[1].pk, w.member.pk)].pk}/reopen/",
                      {"reason": value}), context=f"reopen {hid}")
        found.ui(send(hr, "post", f"/scoring/campaigns/{w.campaign.pk}/assessors/", {"assign": [value]}),
                 context=f"assign {hid}")
        found.ui(send(logged_in(w.leader), "post", group + "decision/", {
            "meeting_date": value, "leaders": [value], "decision": value, "minutes": value, "recommended": [value],
            f"reason_{app.pk}": value}), context=f"decision {hid}")
    found.check()


def test_api_writes(stage):
    w, found = stage, Findings()
    hr, member, chair = logged_in(w.hr), logged_in(w.member), logged_in(w.chair)
    app = w.apps[0]
    group = f"{API}/scoring/campaigns/{w.campaign.pk}"
    sheet = {"series_id": app.series_id, "level": app.level}
    codes = [c.code for c in services.assessor_categories(w.scheme)]
    for hid, value in {**HOSTILE, **JSON_HOSTILE}.items():
        found.api(send_json(member, "put", f"{API}/scoring/assignments/{w.asg.pk}/scores",
                            {"scores": dict.fromkeys(codes, value), "submit": True}), context=f"scores {hid}")
        found.api(send_json(hr, "put", group + "/quota", {**sheet, "count": value}), context=f"quota {hid}")
        found.api(send_json(hr, "put", f"{API}/scoring/schemes/{w.scheme.pk}", {
            "aggregation": value, "tie_break": [value],
            "categories": {str(c.pk): {"name": value, "max_points": value, "method": value, "rule_table": value}
                           for c in w.scheme.categories.all()}}), context=f"scheme {hid}")
        found.api(send_json(hr, "put", f"{API}/scoring/schemes/{w.scheme.pk}", {
            "aggregation": "mean", "categories": {str(c.pk): {"rule_table": [{"min_years": value, "points": value,
                                                                              "education": value}]}
                                                  for c in w.scheme.categories.all() if c.rule}}),
            context=f"rule table {hid}")
        found.api(send_json(hr, "post", f"{API}/scoring/campaigns/{w.campaign.pk}/meetings", {
            "kind": value, "held_on": value, "place": value, "member_ids": [value], "application_ids": [value]}),
            context=f"meeting {hid}")
        found.api(send_json(hr, "put", f"{API}/scoring/hearings/{w.hearing.pk}", {
            "report_summary": value, "questions": value, "answer_quality": value, "evaluation": value}),
            context=f"hearing {hid}")
        found.api(send_json(chair, "post", f"{API}/scoring/assignments/{w.asgs[(w.apps[1].pk, w.member.pk)].pk}/reopen",
                            {"reason": value}), context=f"reopen {hid}")
        found.api(send_json(hr, "post", f"{API}/scoring/applications/{app.pk}/assessors", {"user_id": value}),
                  context=f"assign {hid}")
        found.api(send_json(member, "post", f"{API}/scoring/assignments/{w.asg.pk}/declaration", {"relation": value}),
                  context=f"declare {hid}")
        found.api(send_json(hr, "post", group + "/finish", {"series_id": value, "level": value}),
                  context=f"finish {hid}")
        found.api(send_json(logged_in(w.leader), "post", group + "/decision", {**sheet,
            "meeting_date": value, "leader_ids": [value], "decision": value, "minutes": value,
            "recommended": [value], "reasons": {str(app.pk): value}}), context=f"decision {hid}")
    found.check()
