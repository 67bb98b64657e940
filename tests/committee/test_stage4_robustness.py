"""No 500 and a Chinese answer for hostile input to the §四 steps' forms and API: the provincial spot check,
the host's qualification review and the meeting's vote (tests/support/robustness.py)."""

import pytest

from zhicheng.committee import spotcheck as sc
from zhicheng.committee.models import SpotCheck

from ..support import stage4
from ..support.robustness import API, BAD_BODIES, HOSTILE, JSON_HOSTILE, Findings, logged_in, send, send_json

pytestmark = pytest.mark.dates
NEVER = ("long-10000", "nul", "control-char")


def _api(found, client, method, url, valid):
    for field in valid:
        for hostile_id, value in {**HOSTILE, **JSON_HOSTILE}.items():
            body = {**valid, field: [value] if isinstance(valid[field], list) else value}
            found.api(send_json(client, method, url, body), context=f"{url} {field}={hostile_id}")
    for name, body in BAD_BODIES.items():
        found.api(send_json(client, method, url, body), context=f"{url} body={name}")


def test_hostile_input_to_the_spot_check(world):
    w = stage4.forwarded(world)
    b = w.province_batch
    prov = logged_in(w.provincial)
    found = Findings()
    base = f"/committee/spot-checks/{b.pk}"
    found.ui(send(prov, "post", f"{base}/draw/", keep=True))
    check = SpotCheck.objects.get()
    assert check.sampled_ids == [w.senior.pk]
    url = f"{base}/findings/{w.senior.pk}/"
    valid = {"result": "problem", "items": "缺少业绩证明"}
    for field in valid:
        for hostile_id, value in HOSTILE.items():
            never = hostile_id in NEVER or field == "result"
            found.ui(send(prov, "post", url, {**valid, field: value}), must_refuse=never,
                     context=f"{url} {field}={hostile_id}")
    found.ui(send(prov, "post", url, valid, keep=True))
    for hostile_id, value in HOSTILE.items():
        found.ui(send(prov, "post", url + "return/", {"reason": value}),
                 context=f"{url}return/ reason={hostile_id}")
    _api(found, prov, "put", f"{API}/spot-checks/findings/{w.senior.pk}", {"result": "problem", "items": ["缺页"]})
    _api(found, prov, "post", f"{API}/applications/{w.senior.pk}/actions/spot_return", {"reason": "见结论"})
    for path in ("draw", "delegate"):
        for name, body in BAD_BODIES.items():
            found.api(send_json(prov, "post", f"{API}/spot-checks/{b.pk}/{path}", body), context=f"{path} {name}")
    sc.spot_return(w.provincial, w.senior, reason="请补正")
    office = logged_in(w.office_reviewer)
    for hostile_id, value in HOSTILE.items():
        found.ui(send(office, "post", f"/committee/spot-checks/returned/{w.senior.pk}/resubmit/", {"x": value}),
                 context=f"resubmit {hostile_id}")
    found.ui(send(prov, "post", f"{base}/delegate/"))
    for client, page in ((prov, "/committee/spot-checks/"), (prov, f"{base}/"), (prov, url),
                         (office, "/committee/spot-checks/returned/"), (prov, f"{API}/spot-checks/{b.pk}"),
                         (office, f"{API}/spot-checks/returned")):
        found.page(send(client, "get", page))
    found.check()
