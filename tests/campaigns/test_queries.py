"""Query counts of the campaign pages must not grow with the applications in them."""

import pytest

from .. import factories as f
from ..support.queries import count_queries


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
