"""No 500 and a Chinese answer for hostile input to the §四 steps' forms and API: the provincial spot check,
the host's qualification review and the meeting's vote (tests/support/robustness.py)."""

import pytest

from zhicheng.codes.models import Level
from zhicheng.committee import host_review as hr
from zhicheng.committee import spotcheck as sc
from zhicheng.committee.models import SpotCheck

from ..support import stage4
from ..support import stage4_vote as s4v
from ..support.robustness import (
    API,
    HOSTILE,
    Findings,
    hostile_api,
    hostile_bodies,
    hostile_form,
    logged_in,
    send,
)
from .conftest import committee

pytestmark = pytest.mark.dates
NEVER = ("long-10000", "nul", "control-char")


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
    hostile_form(found, prov, url, valid, valid,
                 never=lambda field, hostile_id: hostile_id in NEVER or field == "result")
    found.ui(send(prov, "post", url, valid, keep=True))
    for hostile_id, value in HOSTILE.items():  # the dossier page's button
        found.ui(send(prov, "post", f"/applications/{w.senior.pk}/actions/spot_return/", {"reason": value}),
                 context=f"action spot_return reason={hostile_id}")
    for hostile_id, value in HOSTILE.items():
        found.ui(send(prov, "post", url + "return/", {"reason": value}),
                 context=f"{url}return/ reason={hostile_id}")
    hostile_api(found, prov, "put", f"{API}/spot-checks/findings/{w.senior.pk}",
                {"result": "problem", "items": ["缺页"]})
    hostile_api(found, prov, "post", f"{API}/applications/{w.senior.pk}/actions/spot_return",
                {"reason": "见结论"})
    for path in ("draw", "delegate"):
        hostile_bodies(found, prov, "post", f"{API}/spot-checks/{b.pk}/{path}", f"{path} ")
    sc.spot_return(w.provincial, w.senior, reason="请补正")
    office = logged_in(w.office_reviewer)
    for hostile_id, value in HOSTILE.items():
        found.ui(send(office, "post", f"/committee/spot-checks/returned/{w.senior.pk}/resubmit/", {"x": value}),
                 context=f"resubmit {hostile_id}")
    found.ui(send(prov, "post", f"{base}/delegate/"))
    for client, page in ((prov, "/committee/spot-checks/"), (prov, f"{base}/"), (prov, url),
                         (office, "/committee/spot-checks/returned/"), (prov, f"{API}/spot-checks/{b.pk}"),
                         (prov, f"{API}/spot-checks/{b.pk}/entries?page=abc"),
                         (office, f"{API}/spot-checks/returned")):
        found.page(send(client, "get", page))
    found.check()


def test_hostile_input_to_the_host_review(world):
    w = stage4.forwarded(world)
    app = w.middle
    c = committee(w.host_user, levels=[Level.INTERMEDIATE], name="河北省工程系列中级评审委员会")
    host, office = logged_in(w.host_user), logged_in(w.office_reviewer)
    found = Findings()
    q = "/committee/host-review/"
    for hostile_id, value in HOSTILE.items():
        never = hostile_id not in ("empty", "blank")  # not chosen: the default committee
        found.ui(send(host, "post", f"{q}{app.pk}/accept/", {"committee_id": value}), must_refuse=never,
                 context=f"accept committee_id={hostile_id}")
        found.ui(send(host, "post", f"{q}accept/", {"ids": [value]}), must_refuse=True,
                 context=f"accept many ids={hostile_id}")
        found.ui(send(host, "post", f"{q}{app.pk}/return/", {"reasons": value}),
                 must_refuse=hostile_id in (*NEVER, "empty", "blank"), context=f"return reasons={hostile_id}")
    base = f"{API}/host-review"
    hostile_api(found, host, "post", f"{base}/applications/{app.pk}/pass", {"committee_id": c.pk})
    hostile_api(found, host, "post", f"{base}/applications/pass", {"ids": [app.pk]})
    hostile_api(found, host, "post", f"{base}/applications/{app.pk}/return", {"reasons": ["缺继续教育证明"]})
    for hostile_id, value in HOSTILE.items():  # the dossier page's buttons
        found.ui(send(host, "post", f"/applications/{app.pk}/actions/host_return/", {"reason": value}),
                 must_refuse=hostile_id in (*NEVER, "empty", "blank"), context=f"action host_return reason={hostile_id}")
        found.ui(send(host, "post", f"/applications/{app.pk}/actions/host_pass/", {"committee_id": value}),
                 context=f"action host_pass committee_id={hostile_id}")
    hr.host_return(w.host_user, app, reasons=["缺继续教育证明"])
    for hostile_id, value in HOSTILE.items():
        found.ui(send(office, "post", f"/applications/{app.pk}/actions/resubmit_host/", {"note": value}),
                 must_refuse=hostile_id in (*NEVER, "empty", "blank"),
                 context=f"action resubmit_host note={hostile_id}")
    hostile_api(found, office, "post", f"{API}/applications/{app.pk}/actions/resubmit_host",
                {"data": {"note": "已补正"}})
    for hostile_id, value in HOSTILE.items():
        found.ui(send(office, "post", f"{q}office/{app.pk}/", {"note": value}),
                 must_refuse=hostile_id in (*NEVER, "empty", "blank"), context=f"resubmit note={hostile_id}")
    hostile_api(found, office, "post", f"{base}/office/returns/{app.pk}/resubmit", {"note": "已补正"})
    for client, page in ((host, q), (host, f"{q}?state=host_returned&series=abc&level=x&batch=99999999999999999999"),
                         (host, f"{q}{app.pk}/"), (office, f"{q}office/"), (office, f"{q}office/{app.pk}/"),
                         (host, f"{base}/applications?batch=99999999999999999999&state=x"),
                         (office, f"{base}/office/returns")):
        found.page(send(client, "get", page))
    found.check()


def test_hostile_input_to_the_vote(world):
    m, panel = s4v.panel_meeting(world, 11)
    (a,) = s4v.candidates(world, m, 1)
    host, voter = logged_in(world.host_user), logged_in(panel[0].user)
    found = Findings()
    base = f"/committee/meetings/{m.pk}/vote"
    api = f"{API}/votes/meetings/{m.pk}"
    for hostile_id, value in HOSTILE.items():
        found.ui(send(host, "post", f"{base}/attendance/", {"present": [panel[0].pk, value]}),
                 must_refuse=True, context=f"attendance present={hostile_id}")
    hostile_api(found, host, "post", f"{api}/attendance", {"present_ids": [e.pk for e in panel]})
    s4v.opened(world, m, panel)
    for hostile_id, value in HOSTILE.items():
        found.ui(send(voter, "post", f"/committee/votes/{m.pk}/", {f"choice_{a.pk}": value}),
                 must_refuse=True, context=f"ballot choice={hostile_id}")
        found.ui(send(voter, "post", f"/committee/votes/{m.pk}/", {f"choice_{value}": "agree"}),
                 must_refuse=True, context=f"ballot choice_<id>={hostile_id}")
    hostile_api(found, voter, "post", f"{api}/ballots", {"application_id": a.pk, "choice": "agree"})
    for path in ("open", "close"):
        hostile_bodies(found, host, "post", f"{api}/{path}", f"{path} ")
    found.ui(send(host, "post", f"{base}/open/"))
    found.ui(send(host, "post", f"{base}/close/"))
    for client, page in ((host, f"{base}/"), (voter, f"/committee/votes/{m.pk}/"), (voter, "/committee/votes/"),
                         (host, api), (voter, f"{api}/ballot")):
        found.page(send(client, "get", page))
    found.check()
