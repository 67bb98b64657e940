"""The dashboard's statements do not grow with the data (3 and 30 applications)."""

from __future__ import annotations

import itertools

import pytest

from tests import factories as f
from tests.support.queries import count_queries
from zhicheng.orgs.roles import OrgKind
from zhicheng.workflow.states import State

from . import world as sw

STATES = [State.PASSED, State.FAILED, State.ISSUED, State.HOST_REVIEW, State.PREREVIEW_RETURNED]


def add(world, n):
    for state, code in itertools.islice(zip(itertools.cycle(STATES), itertools.cycle(["082", "083", "073"])), n):
        sw.put(world, world.unit, world.campaign, code, state, assigned=state != State.HOST_REVIEW)


@pytest.mark.parametrize("who", ["provincial", "office_reviewer", "host_user"])
def test_constant_queries(world, client, who):
    world.committee = f.org("评委会", OrgKind.COMMITTEE, world.host)
    client.force_login(getattr(world, who))
    add(world, 3)
    count_queries(client, "/statistics/")  # the session's first request reads what later ones have cached
    counts = [count_queries(client, "/statistics/"), count_queries(client, "/statistics/export.xlsx")]
    add(world, 27)
    assert [count_queries(client, "/statistics/"), count_queries(client, "/statistics/export.xlsx")] == counts
