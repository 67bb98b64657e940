"""No 500 and a Chinese answer for hostile input to the agenda, recusal, panel and opinion forms and API
(tests/support/robustness.py)."""

import pytest

from zhicheng.committee import agenda, agenda_panels
from zhicheng.committee.models import MeetingCandidate

from ..support import stage4_committee as s4c
from ..support.robustness import API, HOSTILE, Findings, hostile_api, hostile_form, logged_in, send
from .conftest import FROM, MEETING_DAY, UNTIL

pytestmark = pytest.mark.dates
BASE = "/committee/agenda"


def test_hostile_input_to_the_agenda_pages_and_api(world):
    w = s4c.prepared(world, day=MEETING_DAY, valid_from=FROM, valid_until=UNTIL)
    agenda.add_candidates(w.host_user, w.meeting, [w.app.pk])
    cand = MeetingCandidate.objects.get()
    panel = agenda_panels.form_panel(w.host_user, w.meeting, name="电气组", expert_ids=[e.pk for e in w.experts[:3]])
    agenda_panels.assign(w.host_user, panel, cand)
    host, expert = logged_in(w.host_user), logged_in(w.expert)
    found = Findings()
    m = w.meeting.pk
    ui = [(host, f"{BASE}/meetings/{m}/add/", {"application_ids": [w.app.pk]}, ["application_ids"]),
          (host, f"{BASE}/meetings/{m}/recuse/", {"candidate_id": cand.pk, "expert_id": w.experts[0].pk,
                                                   "reason": "师生"}, ["candidate_id", "expert_id", "reason"]),
          (host, f"{BASE}/meetings/{m}/panels/", {"name": "乙组", "expert_ids": [e.pk for e in w.experts[3:]]},
           ["name", "expert_ids"]),
          (host, f"{BASE}/meetings/{m}/assign/", {"candidate_id": cand.pk, "panel_id": panel.pk},
           ["candidate_id", "panel_id"]),
          (expert, f"{BASE}/candidates/{cand.pk}/declare/", {"related": "1", "detail": "同学"}, ["detail"]),
          (expert, f"{BASE}/candidates/{cand.pk}/recuse/", {"reason": "同学"}, ["reason"])]
    for client, url, valid, fields in ui:
        hostile_form(found, client, url, valid, fields, never=lambda field, hostile_id: (
            hostile_id in ("long-10000", "nul", "control-char") or (
                field.endswith("_id") or field.endswith("_ids")) and hostile_id != "script-emoji"))
    agenda.declare(w.expert, cand, related=False)
    for hostile_id, value in HOSTILE.items():
        found.ui(send(expert, "post", f"{BASE}/candidates/{cand.pk}/", {"text": value}),
                 must_refuse=hostile_id in ("long-10000", "nul", "control-char", "empty", "blank"),
                 context=f"opinion={hostile_id}")
    api = [(host, "post", f"{API}/committee-meetings/{m}/candidates", {"application_ids": [w.app.pk]}),
           (host, "post", f"{API}/committee-meetings/{m}/recusals",
            {"candidate_id": cand.pk, "expert_id": w.experts[0].pk, "reason": "师生"}),
           (host, "post", f"{API}/committee-meetings/{m}/panels", {"name": "乙组", "expert_ids": [w.experts[3].pk]}),
           (host, "post", f"{API}/committee-meetings/panels/{panel.pk}/candidates", {"candidate_id": cand.pk}),
           (expert, "put", f"{API}/committee-meetings/candidates/{cand.pk}/opinion", {"text": "同意"}),
           (expert, "post", f"{API}/committee-meetings/candidates/{cand.pk}/recusal", {"reason": "同学"})]
    for client, method, url, valid in api:
        hostile_api(found, client, method, url, valid)
    for client, url in ((host, f"{BASE}/meetings/{m}/"), (expert, f"{BASE}/mine/"),
                        (expert, f"{BASE}/candidates/{cand.pk}/")):
        found.page(send(client, "get", url))
    found.check()
