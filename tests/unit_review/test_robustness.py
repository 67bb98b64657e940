"""No 500 and a Chinese answer for hostile input to the verification page's marks and the marks API
(tests/support/robustness.py): HR of the unit on a submitted dossier, so input reaches the services."""

from __future__ import annotations

import pytest

from ..support.robustness import API, HOSTILE, JSON_HOSTILE, Findings, hostile_bodies, send, send_json
from ..support.robustness_world import robustness_world


@pytest.fixture(scope="module")
def rw(django_db_setup, django_db_blocker):
    yield from robustness_world(django_db_blocker)


@pytest.fixture(autouse=True)
def _each_test_in_a_savepoint(db):
    pass


def test_ui_marks(rw):
    found = Findings()
    url = f"/applications/{rw.sub_app.pk}/verification/mark/"
    valid = {"section": "basic", "item_id": "", "status": "verified", "note": ""}
    for field in ("section", "item_id", "status", "note"):
        for hostile_id, value in HOSTILE.items():
            data = {**valid, field: value}
            if field == "note":
                data["status"] = "problem"
            never = field in ("section", "status") and hostile_id not in ("empty", "blank") or (
                field == "item_id" and hostile_id not in ("empty", "blank")) or (
                field == "note" and hostile_id in ("empty", "blank", "long-10000", "nul", "control-char"))
            found.ui(send(rw.hr_client, "post", url, data), must_refuse=never, context=f"{field}={hostile_id}")
    found.page(send(rw.hr_client, "get", f"/applications/{rw.sub_app.pk}/verification/"))
    found.check()


def test_api_marks(rw):
    found = Findings()
    url = f"{API}/applications/{rw.sub_app.pk}/verification"
    valid = {"section": "basic", "item_id": None, "status": "verified", "note": ""}
    for field in ("section", "item_id", "status", "note"):
        for hostile_id, value in {**HOSTILE, **JSON_HOSTILE}.items():
            body = {"marks": [{**valid, field: value}]}
            found.api(send_json(rw.hr_client, "put", url, body), context=f"{field}={hostile_id}")
    hostile_bodies(found, rw.hr_client, "put", url, "body=")
    found.api(send_json(rw.hr_client, "put", url, {"marks": []}), context="no marks")
    found.api(send_json(rw.hr_client, "put", url, {"marks": [valid] * 2000}), context="many marks")
    found.check()
