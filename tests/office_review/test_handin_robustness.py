"""Hostile input to every write of §三(三), UI and API: never a 500, always a Chinese answer, nothing stored
that PostgreSQL would refuse (tests/support/robustness.py)."""

import pytest

from ..support import stage3_handin as s3
from ..support.robustness import (
    API,
    HOSTILE,
    JSON_HOSTILE,
    Findings,
    hostile_bodies,
    logged_in,
    send,
    send_json,
)

WRITES = {
    "paper": ("received_on", "items", "note"),
    "fee": ("receipt_no", "paid_on"),
    "endorse": ("text", "signer_name", "signed_on"),
}


@pytest.fixture
def app(world):
    (app,) = s3.unit_submitted(world, [world.app])
    s3.online_passed(world, app)
    s3.fee_rules()
    return app


def test_handin_writes_ui_and_api(world, app):
    found = Findings()
    c = logged_in(world.office_reviewer)
    for write, fields in WRITES.items():
        url = f"/office/handin/{app.pk}/{write}/"
        api = f"{API}/applications/{app.pk}/handin/{write}"
        for hostile_id, value in HOSTILE.items():
            found.ui(send(c, "post", url, dict.fromkeys(fields, value)), context=f"UI {write} {hostile_id}")
            found.api(send_json(c, "post", api, dict.fromkeys(fields, value)), context=f"API {write} {hostile_id}")
        for hostile_id, value in JSON_HOSTILE.items():
            found.api(send_json(c, "post", api, dict.fromkeys(fields, value)), context=f"API {write} {hostile_id}")
        hostile_bodies(found, c, "post", api, f"API {write} body ")
    found.page(send(c, "post", f"/office/handin/{app.pk}/bind/"))
    found.api(send(c, "post", f"{API}/applications/{app.pk}/handin/bind"))
    found.check()


def test_forwarding_writes_ui_and_api(world, app):
    found = Findings()
    c = logged_in(world.office_reviewer)
    for hostile_id, value in HOSTILE.items():
        found.ui(send(c, "post", "/office/forwarding/send/", {"ids": value, "office": value}),
                 context=f"UI {hostile_id}")
        found.api(send_json(c, "post", f"{API}/office/forwarding", {"application_ids": [value], "office_id": value}),
                  context=f"API {hostile_id}")
    for hostile_id, value in JSON_HOSTILE.items():
        found.api(send_json(c, "post", f"{API}/office/forwarding", {"application_ids": value}),
                  context=f"API {hostile_id}")
    hostile_bodies(found, c, "post", f"{API}/office/forwarding", "body ")
    found.check()
