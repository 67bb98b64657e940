"""Issue 7: the 材料核实 page (unit HR, its only user) sends no more statements once the dossier has several
times the items, proofs and marks, in each state the page is opened in: submitted with marks and problems,
resubmitted after a return (marks carried over from the first version), returned (being corrected), verified.
"""

from __future__ import annotations

from zhicheng.unit_review import services
from zhicheng.workflow import actions

from .. import factories as f
from ..support.filled import grow_every_section
from ..support.queries import count_queries
from .conftest import proofs, stored

SMALL, BIG = 2, 8  # more items in every section of many items (and two proofs each)
STATES = ("submitted", "resubmitted", "returned", "verified")


def _mark(hr, app, *, problems: bool = False) -> None:
    """Every item of the latest version marked: 已核, or (problems) every second one a problem with a note."""
    _version, items, marks = services.checklist(app)
    services.set_marks(hr, app, [
        {"section": i.section, "item_id": i.item_id, "status": "problem" if problems and n % 2 else "verified",
         "note": f"与原件不符{n}" if problems and n % 2 else ""}
        for n, i in enumerate(items) if i.key not in marks])


def _dossier(world, n: int):
    """A submitted dossier with `n` more items in every many-item section, their proofs and the two scans."""
    app = f.fill_required(f.application(f.user("applicant", world.unit, name="核实申报人"), world.campaign))
    proof = stored(app, "证明.pdf", "pdf", f.pdf_bytes("证明材料"))
    grow_every_section(app, n, proof)
    proofs(app)
    return f.submitted(app, fill=False)


def _scene(world, n: int) -> dict:
    """One dossier in each state of STATES, every one with `n` more items: the values of the page's URL."""
    out = {}
    app = _dossier(world, n)
    _mark(world.hr, app, problems=True)
    out["submitted"] = app
    app = _dossier(world, n)
    _mark(world.hr, app)
    f.returned(app, world.hr)
    f.submitted(app, fill=False)  # unchanged: the first version's marks are carried over
    _version, items, _marks = services.checklist(app)
    services.set_mark(world.hr, app, section=items[-1].section, item_id=items[-1].item_id, status="problem",
                      note="扫描件不清晰")
    out["resubmitted"] = app
    out["returned"] = f.returned(_dossier(world, n), world.hr)
    app = _dossier(world, n)
    _mark(world.hr, app)
    actions.perform(app, "verify", actor=world.hr, data={})
    app.refresh_from_db()
    out["verified"] = app
    return out


def _counts(client, scene: dict) -> dict:
    out = {}
    for state in STATES:
        url = f"/applications/{scene[state].pk}/verification/"
        count_queries(client, url)  # the session stamp, the parameter and code caches
        out[state] = count_queries(client, url)  # answers 200, else fails
    return out


def test_verification_page_does_not_grow_with_items_proofs_and_marks(client, world):
    """The page in every state on dossiers with a few more items, then with four times as many: no state's
    page sends more statements."""
    client.force_login(world.hr)
    small_scene = _scene(world, SMALL)
    assert {s: a.state for s, a in small_scene.items()} == {
        "submitted": "submitted", "resubmitted": "submitted", "returned": "returned", "verified": "unit_verified"}
    small = _counts(client, small_scene)
    big_scene = _scene(world, BIG)
    big = _counts(client, big_scene)
    grown = {state: (small[state], n) for state, n in big.items() if n > small[state]}
    assert not grown, f"verification pages sending more queries with more items (small, big): {grown}"
    # the big pages do show every item, proof and mark
    for state in ("submitted", "resubmitted", "verified"):
        app = big_scene[state]
        page = client.get(f"/applications/{app.pk}/verification/").content.decode()
        assert page.count('class="verify-mark"') == services.progress(app)["total"] > 10 * BIG, state
        assert page.count("证明.pdf") >= 2 * BIG, state
    page = client.get(f"/applications/{big_scene['submitted'].pk}/verification/").content.decode()
    assert page.count("与原件不符") >= 5 * BIG
    page = client.get(f"/applications/{big_scene['resubmitted'].pk}/verification/").content.decode()
    assert "扫描件不清晰" in page
