"""A lone surrogate in a JSON body (`"\\ud800"`) is refused with a Chinese 400 and nothing is stored
(issue 6 §3: once stored it broke the section page with a 500 on every load)."""

import pytest

from zhicheng.dossier import models as m

API = "/api/v1"
SURROGATE = "提交的内容中含有无效的字符编码"


def _send(client, method, url, raw: str):
    return getattr(client, method)(url, raw.encode(), content_type="application/json")


@pytest.mark.parametrize("field", ["employer", "position"])
def test_section_item_post_refuses_lone_surrogate(client, world, field):
    client.force_login(world.applicant)
    values = {"start_date": "2009-01-01", "employer": "某设计院", "position": "工程师"}
    raw = "{" + ", ".join(f'"{k}": "{v}"' for k, v in values.items() if k != field) + f', "{field}": "a\\ud800b"' + "}"
    before = m.WorkExperience.objects.count()
    r = _send(client, "post", f"{API}/applications/{world.app.pk}/sections/work", raw)
    assert r.status_code == 400
    assert SURROGATE in r.json()["detail"][0]
    assert m.WorkExperience.objects.count() == before


def test_the_same_item_without_the_surrogate_is_stored(client, world):
    """The control for the test above: the same request, a valid pair instead (an emoji), is accepted."""
    client.force_login(world.applicant)
    raw = '{"start_date": "2009-01-01", "employer": "某设计院\\ud83d\\ude00", "position": "工程师"}'
    r = _send(client, "post", f"{API}/applications/{world.app.pk}/sections/work", raw)
    assert r.status_code == 201
    assert m.WorkExperience.objects.get(application=world.app).employer == "某设计院😀"


def test_draft_put_refuses_lone_surrogate(client, world):
    client.force_login(world.applicant)
    r = _send(client, "put", f"{API}/applications/{world.app.pk}/drafts/achievement/new", '{"x": "\\ud800"}')
    assert r.status_code == 400
    assert SURROGATE in r.json()["detail"][0]
    assert not m.Draft.objects.filter(application=world.app).exists()


def test_surrogate_in_a_key_is_refused(client, world):
    client.force_login(world.applicant)
    r = _send(client, "put", f"{API}/applications/{world.app.pk}/drafts/achievement/new", '{"\\udfff": "x"}')
    assert r.status_code == 400
    assert not m.Draft.objects.filter(application=world.app).exists()
