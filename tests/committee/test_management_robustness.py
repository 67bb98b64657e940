"""No 500 and a Chinese answer for hostile input to the committee host's forms and API: committees, the
expert pool, review meetings and the panel draws (tests/support/robustness.py)."""

import pytest

from zhicheng.codes.models import Level
from zhicheng.committee import services

from ..support.robustness import API, HOSTILE, Findings, hostile_api, hostile_form, logged_in, send, send_json
from .conftest import FROM, MEETING_DAY, UNTIL, committee, experts, meeting

pytestmark = pytest.mark.dates
NEVER = ("long-10000", "nul", "control-char")
DATES_MAYBE = ("date-1900", "date-9999")  # real dates: the service decides


def _never(kind: str, hostile_id: str) -> bool:
    """Whether a value can never be valid for a field of this kind."""
    if kind == "text":  # required text
        return hostile_id in (*NEVER, "empty", "blank")
    if kind == "optional-text":
        return hostile_id in NEVER
    if kind == "date":
        return hostile_id not in DATES_MAYBE
    if kind == "optional-number":
        return hostile_id not in ("empty", "blank")
    return True  # choices and numbers: none of the hostile values is one


def _ui(found, client, url, valid, kinds):
    """`hostile_form` on the fields of `kinds`: each field's kind tells what must be refused."""
    hostile_form(found, client, url, valid, kinds,
                 never=lambda field, hostile_id: _never(kinds[field], hostile_id))


COMMITTEE = {"name": "河北省工程技术系列电气专业高级评审委员会", "series_code": "080", "specialty": "电气",
             "levels": [Level.SENIOR, Level.ASSOCIATE_SENIOR], "approval_number": "冀职改办〔2025〕13号",
             "approval_date": FROM.isoformat(), "valid_from": FROM.isoformat(), "valid_until": UNTIL.isoformat()}
COMMITTEE_KINDS = {"name": "text", "series_code": "choice", "specialty": "optional-text", "levels": "choice",
                   "approval_number": "text", "approval_date": "date", "valid_from": "date", "valid_until": "date"}
EXPERT = {"real_name": "王工", "unit_name": "河北工业大学", "title_code": "Z0801", "specialty": "电气",
          "term_start": FROM.isoformat(), "term_end": UNTIL.isoformat()}
EXPERT_KINDS = {"real_name": "text", "unit_name": "text", "title_code": "choice", "specialty": "text",
                "term_start": "date", "term_end": "date", "user_id": "optional-number"}


def test_hostile_input_to_committees_and_the_expert_pool(world):
    host = logged_in(world.host_user)
    found = Findings()
    _ui(found, host, "/committee/", COMMITTEE, COMMITTEE_KINDS)
    for hostile_id, value in HOSTILE.items():  # one bad level among good ones
        found.ui(send(host, "post", "/committee/", {**COMMITTEE, "levels": [Level.SENIOR, value]}), must_refuse=True,
                 context=f"levels=[正高级, {hostile_id}]")
    found.ui(send(host, "post", "/committee/", {**COMMITTEE, "valid_from": "9999-12-31",
                                                "valid_until": "9999-12-31", "approval_date": "9999-12-31"}),
             context="validity in 9999")
    (e,) = experts(world.host_user, 1)
    _ui(found, host, "/committee/experts/", EXPERT, EXPERT_KINDS)
    _ui(found, host, f"/committee/experts/{e.pk}/", EXPERT, EXPERT_KINDS)
    hostile_api(found, host, "post", f"{API}/committees", COMMITTEE)
    hostile_api(found, host, "post", f"{API}/committees/experts", {**EXPERT, "user_id": None})
    hostile_api(found, host, "put", f"{API}/committees/experts/{e.pk}", {**EXPERT, "user_id": None})
    for hostile_id, value in HOSTILE.items():  # the API's choice of host
        found.api(send_json(host, "post", f"{API}/committees", {**COMMITTEE, "host_id": value}),
                  context=f"committee host_id={hostile_id}")
    for hostile_id, value in HOSTILE.items():
        for page in ("/committee/", "/committee/experts/"):
            found.page(send(host, "get", page, {"page": value, "q": value, "series": value, "title": value}),
                       context=f"{page} filters={hostile_id}")
    for page in ("/committee/", "/committee/experts/", f"/committee/experts/{e.pk}/", f"{API}/committees",
                 f"{API}/committees/experts", f"/committee/{99999999999999999999}/", f"{API}/committees/-1/meetings",
                 f"{API}/committees/99999999999999999999/meetings", f"{API}/committees/experts/99999999999999999999"):
        found.page(send(host, "get", page))
    found.check()


def test_hostile_input_to_meetings_and_draws(world):
    c = committee(world.host_user, specialty="电气")
    experts(world.host_user, 15)
    host = logged_in(world.host_user)
    found = Findings()
    valid = {"level": Level.SENIOR, "date": MEETING_DAY.isoformat(), "place": "石家庄市裕华区评审中心"}
    _ui(found, host, f"/committee/{c.pk}/", valid, {"level": "choice", "date": "date", "place": "text"})
    hostile_api(found, host, "post", f"{API}/committees/{c.pk}/meetings", valid)
    m = meeting(world.host_user, c)
    url = f"/committee/meetings/{m.pk}"
    _ui(found, host, f"{url}/draw/", {"size": "11", "seed": "冀评2026"}, {"size": "number", "seed": "optional-text"})
    hostile_api(found, host, "post", f"{API}/committees/meetings/{m.pk}/draw", {"size": 11, "seed": "冀评2026"})
    too_long = send_json(host, "post", f"{API}/committees/meetings/{m.pk}/draw", {"size": 11, "seed": "种" * 65})
    assert too_long.status_code == 422 and "随机种子不超过64字" in str(too_long.json()["detail"])  # was cut to 64
    d = services.draw_panel(world.host_user, m, size=11, seed="冀评2026")
    member = d.drawn_ids[1]
    too_long = send_json(host, "post", f"{API}/committees/meetings/{m.pk}/replace",
                         {"replaced_ids": [member], "seed": "种" * 65})
    assert too_long.status_code == 422 and "随机种子不超过64字" in str(too_long.json()["detail"])
    _ui(found, host, f"{url}/replace/", {"replaced_ids": [member], "seed": "补抽"},
        {"replaced_ids": "choice", "seed": "optional-text"})
    for hostile_id, value in HOSTILE.items():  # one bad id among good ones
        found.ui(send(host, "post", f"{url}/replace/", {"replaced_ids": [member, value]}), must_refuse=True,
                 context=f"replace replaced_ids=[{member}, {hostile_id}]")
    hostile_api(found, host, "post", f"{API}/committees/meetings/{m.pk}/replace",
                {"replaced_ids": [member], "seed": "补抽"})
    for page in (f"{url}/", f"/committee/{c.pk}/", f"{API}/committees/meetings/{m.pk}",
                 f"{API}/committees/{c.pk}/meetings", f"{API}/committees/meetings/99999999999999999999"):
        found.page(send(host, "get", page))
    found.check()
