"""The host's agenda page and the expert's 我的评审 send as many queries for one candidate as for many."""

import pytest
from django.test import Client

from zhicheng.committee import agenda, agenda_panels

from .. import factories as f
from ..support import stage4_committee as s4c
from ..support.queries import count_queries
from .conftest import FROM, MEETING_DAY, UNTIL

pytestmark = pytest.mark.dates


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_agenda_and_my_reviews_do_not_grow_with_candidates(world):
    w = s4c.prepared(world, day=MEETING_DAY, valid_from=FROM, valid_until=UNTIL)
    panel = agenda_panels.form_panel(w.host_user, w.meeting, name="电气组", expert_ids=[e.pk for e in w.experts[:3]])
    more = s4c.in_committee(f.submitted_applications(w.campaign, 4, name="候选"), w.committee_record.org)
    waiting = s4c.in_committee(f.submitted_applications(w.campaign, 3, name="待列"), w.committee_record.org)

    def grow(apps):
        for cand in agenda.add_candidates(w.host_user, w.meeting, [a.pk for a in apps]):
            agenda_panels.assign(w.host_user, panel, cand)
            agenda.declare(w.expert, cand, related=False)
            agenda.recuse_self(w.expert_users[1], cand, reason="合作关系")
            agenda_panels.write_opinion(w.expert, cand, text="建议通过。")

    host, expert = _client(w.host_user), _client(w.expert)
    agenda_url = f"/committee/agenda/meetings/{w.meeting.pk}/"
    grow([w.app])
    host.get(agenda_url), expert.get("/committee/agenda/mine/")  # warm the session and caches
    small = (count_queries(host, agenda_url), count_queries(expert, "/committee/agenda/mine/"),
             count_queries(expert, "/api/v1/committee-meetings/mine"))
    grow(more)
    assert len(waiting) == 3 and agenda.addable(w.meeting).count() == 3
    large = (count_queries(host, agenda_url), count_queries(expert, "/committee/agenda/mine/"),
             count_queries(expert, "/api/v1/committee-meetings/mine"))
    assert large == small
