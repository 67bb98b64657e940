"""GET/PUT /api/v1/applications/{id}/verification and POST …/actions/verify."""

import json

import pytest
from django.test import Client

from zhicheng.dossier import models as m
from zhicheng.unit_review.models import VerificationMark
from zhicheng.workflow.states import State


def api(user) -> Client:
    c = Client(enforce_csrf_checks=False)
    c.force_login(user)
    return c


def url(app) -> str:
    return f"/api/v1/applications/{app.pk}/verification"


def put(c, app, marks):
    return c.put(url(app), json.dumps({"marks": marks}), content_type="application/json")


def test_read_mark_and_verify_through_the_api(dossier, world):
    c = api(world.hr)
    body = c.get(url(dossier)).json()
    assert body["version"] == 1 and body["verified"] == 0 and body["unmarked"] == body["total"] > 10
    assert not body["complete"] and body["blocking"][0].startswith(f"尚有{body['total']}项材料未核实")
    first = body["items"][0]
    assert (first["section"], first["section_label"], first["item_id"], first["status"]) == ("basic", "基本信息", None, "")
    r = put(c, dossier, [{"section": i["section"], "item_id": i["item_id"], "status": "verified"}
                         for i in body["items"]])
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["complete"] and body["verified"] == body["total"] and body["items"][0]["checked_by"] == "刘人事"
    r = c.post(f"/api/v1/applications/{dossier.pk}/actions/verify", "{}", content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == State.UNIT_VERIFIED
    # once verified the marks are read-only
    r = put(c, dossier, [{"section": "basic", "status": "problem", "note": "x"}])
    assert r.status_code == 409


def test_bad_marks_are_422_with_every_problem(dossier, world):
    edu = m.Education.objects.get(application=dossier)
    r = put(api(world.hr), dossier, [{"section": "education", "item_id": edu.pk, "status": "problem"},
                                     {"section": "nope", "status": "verified"}])
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert len(detail) == 2 and "请填写问题说明" in detail[0] and "不是本次提交版本中的材料条目" in detail[1]
    assert not VerificationMark.objects.exists()
    r = api(world.hr).post(f"/api/v1/applications/{dossier.pk}/actions/verify", "{}", content_type="application/json")
    assert r.status_code == 422 and "未核实" in r.json()["detail"][0]


@pytest.mark.parametrize("who,status", [("other_hr", 404), ("applicant", 403), ("leader", 403), ("assessor", 404),
                                        ("office_reviewer", 404), ("provincial", 404), ("host_user", 404)])
def test_only_the_units_hr_reads_or_writes_marks(dossier, world, who, status):
    c = api(getattr(world, who))
    assert c.get(url(dossier)).status_code == status
    assert put(c, dossier, [{"section": "basic", "status": "verified"}]).status_code == status
    assert not VerificationMark.objects.exists()
