"""§四–§五 pages are reachable: each role's home page links to its work, every link opens, and the dossier page
links to the step's own page for whoever may take it (and to 复查/投诉 for its owner once there is an outcome)."""

import re

import pytest
from django.test import Client

from zhicheng.workflow.states import APPEALABLE_STATES, State

from ..support import stage4

HOME_LINKS = {
    "host_user": ["host-review-queue-link", "results-flow-host-link", "appeals-handling-link", "statistics-card"],
    "provincial": ["spot-check-link", "results-flow-province-link", "appeals-province-link", "statistics-card"],
    "office_reviewer": ["spot-returned-link", "host-returned-link", "statistics-card"],
    "expert": ["expert-agenda-link", "expert-votes-link"],
    "applicant": ["my-certificates-link", "my-appeals-link"],
}


def _links(page: str, ids: list[str]) -> list[str]:
    out = []
    for id_ in ids:
        m = re.search(rf'id="{id_}"[^>]*href="([^"]+)"', page) or re.search(rf'href="([^"]+)"[^>]*id="{id_}"', page)
        if m:
            out.append(m.group(1))
    return out


@pytest.mark.parametrize("who", sorted(HOME_LINKS))
def test_each_role_finds_its_work_on_the_home_page_and_every_link_opens(world, who):
    user = getattr(world, who)
    c = Client()
    c.force_login(user)
    page = c.get("/").content.decode()
    for id_ in HOME_LINKS[who]:
        assert f'id="{id_}"' in page, id_
    for url in _links(page, HOME_LINKS[who]):
        assert c.get(url).status_code == 200, url
    others = {i for w, ids in HOME_LINKS.items() if w != who for i in ids} - set(HOME_LINKS[who])
    assert not [i for i in others if f'id="{i}"' in page and i != "statistics-card"]


def test_public_pages_link_the_result_notices(client, db):
    for url in ("/login/", "/notices/", "/gongshi/"):
        page = client.get(url).content.decode()
        assert 'href="/gongshi/jieguo/"' in page, url
    assert client.get("/gongshi/jieguo/").status_code == 200


def test_the_dossier_page_links_each_step_to_its_page(world):
    w = stage4.forwarded(world)
    c = Client()
    c.force_login(w.provincial)
    page = c.get(f"/applications/{w.senior.pk}/").content.decode()
    assert 'id="spot-check-link"' in page
    r = c.get(f"/committee/spot-checks/application/{w.senior.pk}/")
    assert r.status_code == 302 and r["Location"] == f"/committee/spot-checks/{w.province_batch.pk}/"
    c.force_login(w.host_user)
    assert 'id="host-review-link"' in c.get(f"/applications/{w.middle.pk}/").content.decode()
    assert c.get(f"/committee/host-review/{w.middle.pk}/").status_code == 200
    assert c.get(f"/committee/spot-checks/application/{w.senior.pk}/").status_code == 403  # not the province's
    c.force_login(w.office_reviewer)
    assert 'id="host-review-link"' not in c.get(f"/applications/{w.middle.pk}/").content.decode()


def test_the_owner_is_offered_a_re_examination_once_there_is_an_outcome(world):
    assert State.PASSED in APPEALABLE_STATES and State.HOST_REVIEW not in APPEALABLE_STATES
    w = stage4.forwarded(world)
    c = Client()
    c.force_login(w.middle.applicant)
    assert 'id="appeal-link"' not in c.get(f"/applications/{w.middle.pk}/").content.decode()
    from zhicheng.committee import host_review

    host_review.host_return(w.host_user, w.middle, reasons=["学历证书复印件不清晰。"])
    page = c.get(f"/applications/{w.middle.pk}/").content.decode()
    assert 'id="appeal-link"' in page and f'href="/results/appeals/new/{w.middle.pk}/"' in page
    c.force_login(w.hr)
    assert 'id="appeal-link"' not in c.get(f"/applications/{w.middle.pk}/").content.decode()
