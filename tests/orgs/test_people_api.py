"""/api/v1/people: the same services as the screens; the password answered once."""

import json

from zhicheng.orgs.models import User

from .test_people_accounts import idn
from .test_roster_import import ROWS, xlsx

API = "/api/v1/people"


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_hr_creates_lists_and_resets_through_the_api(client, world):
    client.force_login(world.hr)
    r = _post(client, API, {"unit_id": world.unit.pk, "real_name": "新人", "id_number": idn(1), "phone": "13912345678"})
    assert r.status_code == 201
    body = r.json()
    u = User.objects.get(pk=body["person"]["id"])
    assert u.check_password(body["password"]) and body["person"]["must_change_password"] is True
    names = [p["real_name"] for p in client.get(API).json()["items"]]
    assert "新人" in names and world.other_applicant.real_name not in names
    r = _post(client, f"{API}/{u.pk}/reset-password", {})
    assert r.status_code == 200 and User.objects.get(pk=u.pk).check_password(r.json()["password"])


def test_api_refusals(client, world):
    client.force_login(world.other_hr)
    body = {"unit_id": world.unit.pk, "real_name": "新人", "id_number": idn(1), "phone": "13912345678"}
    assert _post(client, API, body).status_code == 404  # a unit not managed is not found
    assert _post(client, f"{API}/{world.applicant.pk}/reset-password", {}).status_code == 404
    client.force_login(world.hr)
    r = _post(client, API, {**body, "id_number": idn(1)[:17] + "Y"})
    assert r.status_code == 422 and r.json()["fields"]["id_number"] == ["身份证号前17位须为数字，最后一位为数字或X。"]


def test_roster_import_through_the_api_reports_every_row(client, world):
    client.force_login(world.hr)
    r = client.post(f"{API}/import", {"unit_id": world.unit.pk, "roster_file": xlsx(ROWS)})
    assert r.status_code == 422 and [p[:3] for p in r.json()["detail"][:4]] == ["第3行", "第4行", "第6行", "第7行"]
    assert not User.objects.filter(id_number=idn(1)).exists()
    r = client.post(f"{API}/import", {"unit_id": world.unit.pk, "roster_file": xlsx(ROWS), "good_rows": "true"})
    assert r.status_code == 200 and [c["row"] for c in r.json()["created"]] == [2, 8]
