"""Query counts of the campaign pages must not grow with the applications in them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .. import factories as f


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, url
    return len(ctx)


@pytest.mark.parametrize("who,url", [
    ("hr", "/campaigns/"),
    ("provincial", "/api/v1/campaigns"),
])
def test_campaign_lists_do_not_grow_with_applications(client, world, who, url):
    client.force_login(getattr(world, who))
    f.submitted_applications(world.campaign, 2)
    before = count_queries(client, url)
    f.submitted_applications(world.campaign, 10)
    assert count_queries(client, url) <= before
