"""No API request answers 500: hostile input to every write endpoint of /api/v1/, hostile addresses and
query strings (see tests/support/robustness.py for what each answer must pass). An API refusal is always
the JSON problem document with a Chinese detail.

The users are the ones allowed to write — world.applicant on world.app (a draft), world.hr for campaigns
and for returning a submitted dossier — so the input reaches validation and the services. The world is
built once per module and every request runs in its own savepoint.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from zhicheng.dossier import sections as sec

from ..support.robustness import (
    API,
    BAD_BODIES,
    EMOJI,
    HOSTILE,
    JSON_HOSTILE,
    SCRIPT,
    Findings,
    kind_of,
    send,
    send_json,
)
from ..support.robustness_world import (
    DRAFT_FORM_KEYS,
    FILE_IDS,
    FORM_SECTIONS,
    QUERY_VALUES,
    RETURN_SECTIONS,
    baseline,
    campaign_json,
    robustness_world,
    upload,
)


@pytest.fixture(scope="module")
def rw(django_db_setup, django_db_blocker):
    yield from robustness_world(django_db_blocker)


# --------------------------------------------------------------------------- section items

@pytest.mark.parametrize("key", FORM_SECTIONS)
def test_api_section_item(rw, key):
    """Each hostile value in every field at once (the API uses the same forms as the UI), new and existing."""
    found = Findings()
    data = baseline(rw, key)
    url = f"{API}/applications/{rw.app.pk}/sections/{key}"
    item = {"education": rw.education, "work": rw.work}.get(key)
    for hostile_id, value in {**HOSTILE, **JSON_HOSTILE}.items():
        found.api(send_json(rw.applicant_client, "post", url, dict.fromkeys(data, value)), context=f"POST {hostile_id}")
        if item is not None:
            found.api(send_json(rw.applicant_client, "put", f"{url}/{item.pk}", dict.fromkeys(data, value)),
                      context=f"PUT {hostile_id}")
    # Text the forms accept, in each text field alone, so that the save is reached.
    for name, field in sec.get(key).form(application=None).fields.items():
        if kind_of(field) == "text":
            for hostile_id in ("control-char", "script-emoji"):
                found.api(send_json(rw.applicant_client, "post", url, {**data, name: HOSTILE[hostile_id]}),
                          context=f"POST {name}={hostile_id}")
    found.check()


API_BODY_ENDPOINTS = {
    "POST campaigns": ("post", "hr", lambda w: f"{API}/campaigns"),
    "PUT campaign": ("put", "hr", lambda w: f"{API}/campaigns/{w.draft_campaign.pk}"),
    "POST publish": ("post", "hr", lambda w: f"{API}/campaigns/{w.draft_campaign.pk}/publish"),
    "POST applications": ("post", "applicant", lambda w: f"{API}/applications"),
    "POST section": ("post", "applicant", lambda w: f"{API}/applications/{w.app.pk}/sections/work"),
    "PUT section item": ("put", "applicant", lambda w: f"{API}/applications/{w.app.pk}/sections/work/{w.work.pk}"),
    "PUT draft": ("put", "applicant", lambda w: f"{API}/applications/{w.app.pk}/drafts/work/new"),
    "POST submit": ("post", "applicant", lambda w: f"{API}/applications/{w.app.pk}/actions/submit"),
    "POST return": ("post", "hr", lambda w: f"{API}/applications/{w.sub_app.pk}/actions/return"),
}


@pytest.mark.parametrize("endpoint", list(API_BODY_ENDPOINTS))
def test_api_body_of_the_wrong_shape(rw, endpoint):
    """Lists, strings, deep nesting, invalid JSON, not UTF-8, a NUL key; as JSON and as text/plain."""
    method, role, url_of = API_BODY_ENDPOINTS[endpoint]
    client = rw.applicant_client if role == "applicant" else rw.hr_client
    found = Findings()
    for body_id, body in BAD_BODIES.items():
        found.api(send_json(client, method, url_of(rw), body), context=f"{body_id} as JSON")
        found.api(send(client, method, url_of(rw), body, content_type="text/plain"), context=f"{body_id} as text")
    # A form instead of JSON (the control-character guard has read it as a form already).
    form = {"a": "b"} if method == "post" else encode_multipart(BOUNDARY, {"a": "b"})  # post() encodes it itself
    found.api(send(client, method, url_of(rw), form, content_type=MULTIPART_CONTENT), context="multipart form")
    found.api(send(client, method, url_of(rw), "a=b", content_type="application/x-www-form-urlencoded"),
              context="urlencoded form")
    found.check()


API_SECTION_URLS = {
    "unknown key": ("sections/nope", "sections/nope/{work}"),
    "NUL key": ("sections/%00", "sections/%00/{work}"),
    "long key": ("sections/" + "k" * 5000, "sections/" + "k" * 5000 + "/{work}"),
    "missing item": ("sections/work", "sections/work/999999"),
    "huge item": ("sections/work", "sections/work/99999999999999999999"),
    "item of another section": ("sections/work", "sections/education/{work}"),
    "summary": ("sections/summary", "sections/summary/{work}"),
    "attachments": ("sections/attachments", "sections/attachments/{work}"),
}


@pytest.mark.parametrize("case", list(API_SECTION_URLS))
def test_api_section_urls(rw, case):
    found = Findings()
    client = rw.applicant_client
    for app_id in (rw.app.pk, 999999, 99999999999999999999):
        base = f"{API}/applications/{app_id}/"
        url, item_url = (base + part.format(work=rw.work.pk) for part in API_SECTION_URLS[case])
        found.api(send_json(client, "post", url, baseline(rw, "work")), context=f"POST app {app_id}")
        found.api(send(client, "get", url), context=f"GET app {app_id}")
        found.api(send_json(client, "put", item_url, baseline(rw, "work")), context=f"PUT app {app_id}")
        found.api(send(client, "delete", item_url), context=f"DELETE app {app_id}")
    found.check()



# --------------------------------------------------------------------------- drafts and deletes

@pytest.mark.parametrize("form_key", list(DRAFT_FORM_KEYS))
@pytest.mark.parametrize("key", ["work", "nope", "summary"])
def test_api_drafts(rw, key, form_key):
    """Autosave with every hostile value; hostile section keys and form keys in the address."""
    found = Findings()
    url = f"{API}/applications/{rw.app.pk}/drafts/{key}/{DRAFT_FORM_KEYS[form_key]}"
    found.api(send_json(rw.applicant_client, "put", url, {**HOSTILE, **JSON_HOSTILE}), context="PUT")
    found.api(send(rw.applicant_client, "get", url), context="GET")
    found.check()


@pytest.mark.parametrize("item_id", ["0", "999999", "99999999999999999999", "attachment"])
@pytest.mark.parametrize("key", ["work", "attachments", "summary", "nope"])
def test_api_deletes(rw, key, item_id):
    found = Findings()
    item_id = str(rw.attachment.pk) if item_id == "attachment" else item_id
    found.api(send(rw.applicant_client, "delete", f"{API}/applications/{rw.app.pk}/sections/{key}/{item_id}"))
    found.check()


# --------------------------------------------------------------------------- uploads



@pytest.mark.parametrize("file_id", FILE_IDS)
def test_api_uploads(rw, file_id):
    found = Findings()
    for url, client, summary in ((f"{API}/applications/{rw.app.pk}/attachments", rw.applicant_client, False),
                                 (f"{API}/applications/{rw.app.pk}/work-summary", rw.applicant_client, True),
                                 (f"{API}/campaigns/{rw.draft_campaign.pk}/attachments", rw.hr_client, False)):
        file = upload(rw, file_id, summary=summary)
        data = {"description": "证明"} | ({"file": file} if file is not None else {})
        found.api(send(client, "post", url, data), context=url)
    found.check()


@pytest.mark.parametrize("hostile_id", list(HOSTILE))
def test_api_upload_fields(rw, hostile_id):
    found = Findings()
    value = HOSTILE[hostile_id]
    url = f"{API}/applications/{rw.app.pk}/attachments"
    for field, extra in (("section", {}), ("item_id", {"section": "attachments"}), ("item_id", {"section": "work"}),
                         ("description", {})):
        data = {**extra, field: value, "file": upload(rw, "path-in-name")}
        found.api(send(rw.applicant_client, "post", url, data), context=f"{field} {extra}")
    data = {"title": value, "file": upload(rw, "path-in-name")}
    found.api(send(rw.hr_client, "post", f"{API}/campaigns/{rw.draft_campaign.pk}/attachments", data),
              context="campaign title")
    found.check()


# --------------------------------------------------------------------------- campaigns



def campaign_json_cases(w, hostile_ids) -> dict[str, tuple[str, object]]:
    stage = {"stage": "application", "starts_on": "2026-11-02", "working_days": 20}
    cases: dict[str, tuple[str, object]] = {}
    for hostile_id in hostile_ids:
        value = HOSTILE[hostile_id] if hostile_id in HOSTILE else JSON_HOSTILE[hostile_id]
        for field in ("year", "name", "conditions", "policy_text"):
            cases[f"{field}={hostile_id}"] = (field, value)
        cases[f"title_ids=[{hostile_id}]"] = ("title_ids", [value])
        cases[f"panel.user_id={hostile_id}"] = ("panel", [{"user_id": value}])
        cases[f"panel.duty={hostile_id}"] = ("panel", [{"user_id": w.hr.pk, "duty": value}])
        for key in ("stage", "starts_on", "working_days"):
            cases[f"stages.{key}={hostile_id}"] = ("stages", [{**stage, key: value}])
    cases.update({
        "title_ids=[]": ("title_ids", []),
        "title_ids=repeated": ("title_ids", [w.title.pk] * 3),
        "panel=same user twice": ("panel", [{"user_id": w.hr.pk}, {"user_id": w.hr.pk, "duty": "leader"}]),
        "panel=outsider": ("panel", [{"user_id": w.other_hr.pk}]),
        "panel=two leaders": ("panel", [{"user_id": w.hr.pk, "duty": "leader"},
                                        {"user_id": w.leader.pk, "duty": "leader"}]),
        "panel=not objects": ("panel", [1, "x", None]),
        "stages=same stage twice": ("stages", [stage, stage]),
        "stages=not objects": ("stages", [1, "x"]),
        "stages=2026-12-31 + 120 days": ("stages", [{**stage, "starts_on": "2026-12-31", "working_days": 120}]),
        "stages=0001-01-01": ("stages", [{**stage, "starts_on": "0001-01-01"}]),
        "stages=9999-12-31 + 120 days": ("stages", [{**stage, "starts_on": "9999-12-31", "working_days": 120}]),
    })
    return cases


@pytest.mark.parametrize("method", ["post", "put"])
def test_api_campaign_fields(rw, method):
    """Creating gets every case; updating (the same checks and service) the ones that are not per value."""
    found = Findings()
    url = f"{API}/campaigns" if method == "post" else f"{API}/campaigns/{rw.draft_campaign.pk}"
    hostile_ids = [*HOSTILE, *JSON_HOSTILE] if method == "post" else ["abc", "huge-int", "nul", "json-object"]
    for case_id, (field, value) in campaign_json_cases(rw, hostile_ids).items():
        found.api(send_json(rw.hr_client, method, url, {**campaign_json(rw), field: value}), context=case_id)
    found.check()


def test_api_campaign_unknown_ids(rw):
    found = Findings()
    for pk in ("999999", "99999999999999999999", "0"):
        found.api(send_json(rw.hr_client, "put", f"{API}/campaigns/{pk}", campaign_json(rw)), context=f"PUT {pk}")
        found.api(send(rw.hr_client, "post", f"{API}/campaigns/{pk}/publish"), context=f"publish {pk}")
        found.api(send(rw.hr_client, "get", f"{API}/campaigns/{pk}/attachments/{pk}"), context=f"file {pk}")
    found.check()



# --------------------------------------------------------------------------- starting an application



def test_api_start_application(rw):
    found = Findings()
    base = {"campaign_id": rw.campaign2.pk, "title_id": rw.title.pk, "specialty": "电气工程"}
    for hostile_id, value in {**HOSTILE, **JSON_HOSTILE}.items():
        for name in ("campaign_id", "title_id", "specialty", "is_exceptional"):
            found.api(send_json(rw.applicant_client, "post", f"{API}/applications", {**base, name: value}),
                      context=f"{name}={hostile_id}")
    found.check()


# --------------------------------------------------------------------------- actions

@pytest.mark.parametrize("case", list(RETURN_SECTIONS))
def test_api_return(rw, case):
    found = Findings()
    url = f"{API}/applications/{rw.sub_app.pk}/actions/return"
    for hostile_id, value in {"valid": "请补充证明材料。", **HOSTILE, **JSON_HOSTILE}.items():
        found.api(send_json(rw.hr_client, "post", url, {"reason": value, "data": {"sections": RETURN_SECTIONS[case]}}),
                  context=f"reason={hostile_id}")
    found.check()


def test_api_action_data_of_every_type(rw):
    """`data` holds the action's form input: values of every JSON type, where a list or a string is expected."""
    found = Findings()
    url = f"{API}/applications/{rw.sub_app.pk}/actions/return"
    for hostile_id, value in {**HOSTILE, **JSON_HOSTILE}.items():
        for data in ({"sections": value}, {"sections": [value]}, {"sections": ["work"], "extra": value}):
            found.api(send_json(rw.hr_client, "post", url, {"reason": "请补充。", "data": data}),
                      context=f"{hostile_id} {list(data)}")
        found.api(send_json(rw.hr_client, "post", url, {"reason": "请补充。", "data": value}), context=f"data={hostile_id}")
    found.check()


@pytest.mark.parametrize("action", ["nope", "SUBMIT", "verify", "publish", "长" * 300, EMOJI, "%00", "..",
                                    quote(SCRIPT.replace("/", ""))],
                         ids=["nope", "upper", "not-built", "campaign-action", "long", "emoji", "nul", "dots", "script"])
def test_api_action_names(rw, action):
    """Unknown, unbuilt and hostile action names, on an application in scope and on missing ones."""
    found = Findings()
    for app_id in (rw.sub_app.pk, 999999, 99999999999999999999):
        url = f"{API}/applications/{app_id}/actions/{action}"
        found.api(send_json(rw.hr_client, "post", url, {"reason": "x", "data": {}}), context=f"app {app_id}")
        found.api(send(rw.hr_client, "get", f"{API}/applications/{app_id}/actions"), context=f"list {app_id}")
    found.check()


# --------------------------------------------------------------------------- query strings

@pytest.mark.parametrize("hostile_id", QUERY_VALUES)
def test_api_query_strings(rw, hostile_id):
    found = Findings()
    value = HOSTILE[hostile_id]
    hr, applicant = rw.hr_client, rw.applicant_client
    for client, path, params in (
            (hr, f"{API}/applications", {"q": value}),
            (hr, f"{API}/applications", {"state": value}),
            (hr, f"{API}/applications", {"campaign_id": value}),
            (hr, f"{API}/applications", {"page": value}),
            (hr, f"{API}/campaigns", {"status": value}),
            (applicant, f"{API}/codes/titles", {"series_id": value}),
            (applicant, f"{API}/codes/holidays", {"year": value}),
            (applicant, f"{API}/codes/workdays", {"start": value, "days": "5"}),
            (applicant, f"{API}/codes/workdays", {"start": "2026-11-02", "days": value}),
            (hr, f"{API}/applications/{rw.sub_app.pk}/versions/diff", {"a": value, "b": "1"})):
        found.api(send(client, "get", path, params), context=f"{path} {list(params)}")
    found.check()
