"""No screen answers 500: hostile input to every UI form, address and query string (see
tests/support/robustness.py for what each answer must pass).

The users are the ones allowed to write — world.applicant on world.app (a draft), world.hr for campaigns
and for returning a submitted dossier — so the input reaches validation and the services instead of
stopping at a permission check. The world is built once per module and every request runs in its own
savepoint, so an accepted write never changes what the next request sees.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from zhicheng.campaigns.forms import CampaignForm
from zhicheng.dossier import models as m
from zhicheng.dossier import sections as sec
from zhicheng.dossier import services as dossier

from ..support.robustness import (
    API,
    CJK,
    EMOJI,
    HOSTILE,
    SCRIPT,
    VALUES_FOR,
    Findings,
    body_text,
    describe,
    integrity_problems,
    isolated,
    kind_of,
    send,
    server_error,
)
from ..support.robustness_world import (
    DRAFT_FORM_KEYS,
    FILE_IDS,
    FORM_SECTIONS,
    QUERY_VALUES,
    RETURN_SECTIONS,
    SECTION_FIELDS,
    UPLOAD_KEYS,
    baseline,
    campaign_baseline,
    form_field,
    must_refuse,
    robustness_world,
    upload,
)


@pytest.fixture(scope="module")
def rw(django_db_setup, django_db_blocker):
    yield from robustness_world(django_db_blocker)


@pytest.fixture(autouse=True)
def _each_test_in_a_savepoint(db):
    pass


# --------------------------------------------------------------------------- section forms

def _section_url(w, key: str) -> str:
    return f"/applications/{w.app.pk}/s/{key}/"


def test_baselines_are_valid(rw):
    """Guard: every refusal below comes from the hostile value, not from the rest of the data."""
    problems = []
    for key in FORM_SECTIONS:
        with isolated():
            try:
                dossier.save_item(rw.applicant, rw.app, key, baseline(rw, key))
            except dossier.DossierError as exc:
                problems.append(f"{key}: {exc.fields or exc.problems}")
    form = CampaignForm(campaign_baseline(rw), unit=rw.unit)
    if not form.is_valid():
        problems.append(f"campaign: {form.errors}")
    assert not problems, problems


@pytest.mark.parametrize(("key", "name"), SECTION_FIELDS, ids=[f"{k}.{n}" for k, n in SECTION_FIELDS])
def test_ui_section_field(rw, key, name):
    """One field of a section form gets each hostile value in turn; the other fields are valid."""
    found = Findings()
    data = baseline(rw, key)
    for hostile_id in VALUES_FOR[kind_of(form_field(key, name))]:
        r = send(rw.applicant_client, "post", _section_url(rw, key), {**data, name: HOSTILE[hostile_id]})
        found.ui(r, must_refuse=must_refuse(key, name, hostile_id), context=hostile_id)
    found.check()


@pytest.mark.parametrize("key", ["education", "work"])
def test_ui_section_existing_item(rw, key):
    """Editing an existing item (item_id in the form) with hostile values."""
    found = Findings()
    item = rw.education if key == "education" else rw.work
    data = baseline(rw, key)
    for name in data:
        for hostile_id in ("huge-int", "nul", "long-10000"):
            r = send(rw.applicant_client, "post", _section_url(rw, key),
                     {**data, name: HOSTILE[hostile_id], "item_id": str(item.pk)})
            found.ui(r, must_refuse=must_refuse(key, name, hostile_id), context=f"{name}={hostile_id}")
    found.check()


@pytest.mark.parametrize("item_id", ["999999", "99999999999999999999", "abc", "-1", "²", "0"])
def test_ui_section_bad_item_id(rw, item_id):
    """A missing or malformed item id, in the form (item_id) and in the address (?item=)."""
    found = Findings()
    url = _section_url(rw, "work")
    found.ui(send(rw.applicant_client, "post", url, {**baseline(rw, "work"), "item_id": item_id}), context="POST")
    found.page(send(rw.applicant_client, "get", url, {"item": item_id}), context="GET ?item=")
    found.check()


@pytest.mark.parametrize("key", ["nope", "SUMMARY", "basic ", "%00", "长" * 300, EMOJI, "..", "summary",
                                 "attachments"], ids=["nope", "upper", "space", "nul", "long", "emoji", "dots",
                                                      "summary", "attachments"])
def test_ui_section_unknown_or_file_only_key(rw, key):
    """An unknown section is a Chinese 404; a file-only section refuses typed input in Chinese."""
    found = Findings()
    url = f"/applications/{rw.app.pk}/s/{quote(key, safe='%')}/"
    found.ui(send(rw.applicant_client, "post", url, {"content": SCRIPT}), context="POST")
    found.page(send(rw.applicant_client, "get", url), context="GET")
    found.check()


# --------------------------------------------------------------------------- drafts and deletes

@pytest.mark.parametrize("form_key", list(DRAFT_FORM_KEYS))
@pytest.mark.parametrize("key", ["work", "nope", "summary"])
def test_ui_drafts(rw, key, form_key):
    """Autosave with every hostile value; hostile section keys and form keys in the address."""
    found = Findings()
    r = send(rw.applicant_client, "post", f"/applications/{rw.app.pk}/s/{key}/draft/{DRAFT_FORM_KEYS[form_key]}/",
             HOSTILE)
    if (err := server_error(r)) is not None:
        found.items.append(err)
    elif r.status_code == 200:
        found.items.extend(f"{describe(r)}: {p}" for p in r.integrity)
    elif r.get("Content-Type", "").startswith("application/json") and not CJK.search(r.json().get("error", "")):
        found.items.append(f"{describe(r)}: no Chinese error: {body_text(r)[:200]!r}")
    found.check()


@pytest.mark.parametrize("item_id", ["0", "999999", "99999999999999999999", "attachment"])
@pytest.mark.parametrize("key", ["work", "attachments", "summary", "nope"])
def test_ui_deletes(rw, key, item_id):
    found = Findings()
    item_id = str(rw.attachment.pk) if item_id == "attachment" else item_id
    found.ui(send(rw.applicant_client, "post", f"/applications/{rw.app.pk}/s/{key}/delete/{item_id}/"))
    found.check()


# --------------------------------------------------------------------------- uploads


@pytest.mark.parametrize("file_id", FILE_IDS)
def test_ui_upload(rw, file_id):
    found = Findings()
    for key in UPLOAD_KEYS:
        file = upload(rw, file_id, summary=key == "summary")
        data = {"description": "证明"} | ({"file": file} if file is not None else {})
        if key == "education":
            data["item_id"] = str(rw.education.pk)
        found.ui(send(rw.applicant_client, "post", f"/applications/{rw.app.pk}/s/{key}/upload/", data),
                 context=key)
    found.check()


@pytest.mark.parametrize(("field", "kind"), [("item_id", "number"), ("description", "text")])
@pytest.mark.parametrize("key", UPLOAD_KEYS)
def test_ui_upload_fields(rw, key, field, kind):
    found = Findings()
    for hostile_id in VALUES_FOR[kind]:
        data = {"file": upload(rw, "path-in-name", summary=key == "summary"), "description": "证明",
                field: HOSTILE[hostile_id]}
        found.ui(send(rw.applicant_client, "post", f"/applications/{rw.app.pk}/s/{key}/upload/", data),
                 context=hostile_id)
    found.check()


@pytest.mark.parametrize("file_id", FILE_IDS)
def test_ui_campaign_attach(rw, file_id):
    found = Findings()
    url = f"/campaigns/{rw.draft_campaign.pk}/attach/"
    file = upload(rw, file_id)
    found.ui(send(rw.hr_client, "post", url, {"title": ""} | ({"file": file} if file is not None else {})))
    if file_id == "path-in-name":
        for hostile_id in VALUES_FOR["text"]:
            data = {"file": upload(rw, file_id), "title": HOSTILE[hostile_id]}
            found.ui(send(rw.hr_client, "post", url, data), context=f"title={hostile_id}")
    found.check()


# --------------------------------------------------------------------------- campaigns

# The required stage and one optional stage (the other four are the same code).
CAMPAIGN_FIELDS = [*CampaignForm.base_fields, "application_start", "application_days", "notice_start",
                   "notice_days"]


def campaign_field_kind(name: str) -> str:
    if name in ("titles", "panel", "panel_leader"):
        return "choice"
    if name.endswith("_start"):
        return "date"
    if name.endswith("_days") or name == "year":
        return "number"
    return "text"


def campaign_must_refuse(name: str, hostile_id: str) -> bool:
    kind = campaign_field_kind(name)
    if hostile_id == "empty":
        return name in ("year", "application_start", "application_days")
    if kind in ("choice", "number"):
        return True
    if kind == "date":
        return hostile_id != "date-9999"
    return hostile_id == "nul" or (hostile_id == "long-10000" and name == "name")


# Editing runs the same form and service as creating: there, one value per field.
EDIT_VALUES = {"text": ["nul"], "date": ["date-feb30"], "number": ["huge-int"], "choice": ["huge-int"]}


@pytest.mark.parametrize("screen", ["create", "edit"])
def test_ui_campaign_form(rw, screen):
    found = Findings()
    url = "/campaigns/new/" if screen == "create" else f"/campaigns/{rw.draft_campaign.pk}/edit/"
    values = VALUES_FOR if screen == "create" else EDIT_VALUES
    for name in CAMPAIGN_FIELDS:
        for hostile_id in values[campaign_field_kind(name)]:
            data = {**campaign_baseline(rw), name: HOSTILE[hostile_id]}
            if name == "notice_start":
                data["notice_days"] = "5"
            if name == "notice_days":
                data["notice_start"] = "2026-11-02"
            found.ui(send(rw.hr_client, "post", url, data), must_refuse=campaign_must_refuse(name, hostile_id),
                     context=f"{name}={hostile_id}")
    found.check()


def test_ui_campaign_publish_and_unknown_ids(rw):
    found = Findings()
    found.ui(send(rw.hr_client, "post", f"/campaigns/{rw.draft_campaign.pk}/publish/", {"x": SCRIPT}),
             context="publish draft")
    found.ui(send(rw.hr_client, "post", f"/campaigns/{rw.campaign.pk}/publish/"), context="publish again")
    for pk in ("999999", "99999999999999999999"):
        for suffix in ("", "edit/", "publish/", "attach/", "files/1/"):
            found.ui(send(rw.hr_client, "post", f"/campaigns/{pk}/{suffix}", {"name": "x"}), context=pk + suffix)
    found.check()


# --------------------------------------------------------------------------- starting an application, returning

def test_ui_start_application(rw):
    found = Findings()
    base = {"campaign": str(rw.campaign2.pk), "title": str(rw.title.pk), "specialty": "电气工程"}
    for name, values in (("campaign", VALUES_FOR["choice"]), ("title", VALUES_FOR["choice"] + ["script-emoji"]),
                         ("specialty", VALUES_FOR["text"] + ["empty", "blank"]),
                         ("is_exceptional", ["nul", "long-10000"])):
        for hostile_id in values:
            refuse = name in ("campaign", "title") or hostile_id in ("empty", "blank", "long-10000", "nul")
            r = send(rw.applicant_client, "post", "/applications/new/", {**base, name: HOSTILE[hostile_id]})
            found.ui(r, must_refuse=refuse and name != "is_exceptional", context=f"{name}={hostile_id}")
    for hostile_id in VALUES_FOR["choice"]:
        found.page(send(rw.applicant_client, "get", "/applications/new/", {"campaign": HOSTILE[hostile_id]}),
                   context=f"GET ?campaign={hostile_id}")
    found.check()


def test_ui_return(rw):
    found = Findings()
    url = f"/applications/{rw.sub_app.pk}/actions/return/"
    for hostile_id in VALUES_FOR["text"] + ["empty", "blank"]:
        found.ui(send(rw.hr_client, "post", url, {"reason": HOSTILE[hostile_id], "sections": ["work"]}),
                 must_refuse=hostile_id in ("empty", "blank", "long-10000", "nul"), context=f"reason={hostile_id}")
    for case, sections in RETURN_SECTIONS.items():
        found.ui(send(rw.hr_client, "post", url, {"reason": "请补充证明材料。", "sections": sections}),
                 must_refuse=case in ("unknown", "script", "long", "nul", "none"), context=f"sections={case}")
    found.check()


# --------------------------------------------------------------------------- query strings

@pytest.mark.parametrize("hostile_id", QUERY_VALUES)
def test_ui_query_strings(rw, hostile_id):
    found = Findings()
    value = HOSTILE[hostile_id]
    hr, applicant, app = rw.hr_client, rw.applicant_client, rw.app.pk
    for client, path, params in (
            (hr, "/applications/", {"campaign": value}),
            (hr, "/applications/", {"q": value, "state": value}),
            (hr, "/applications/", {"page": value}),
            (hr, "/applications/export.xlsx", {"q": value, "campaign": value, "state": value}),
            (hr, "/campaigns/", {"page": value}),
            (applicant, f"/applications/{app}/s/work/", {"item": value}),
            (applicant, f"/applications/{app}/s/work/", {"saved": value}),
            (applicant, f"/applications/{app}/versions/", {"a": value, "b": "1"}),
            (hr, f"/applications/{rw.sub_app.pk}/versions/", {"a": value, "b": "1"})):
        found.page(send(client, "get", path, params), context=f"{path} {list(params)}")
    found.check()


@pytest.mark.parametrize("saved", ["a/b", "../x", "k" * 100])
def test_ui_section_saved_parameter(rw, saved):
    """?saved= names the local draft to forget after a save; any value must still render the page."""
    found = Findings()
    found.page(send(rw.applicant_client, "get", f"/applications/{rw.app.pk}/s/work/", {"saved": saved}))
    found.check()


# --------------------------------------------------------------------------- stored hostile content is shown

def _fill_every_text_field(w, value_of) -> list[str]:
    """Save every section through its form with `value_of(field)` in each free-text field."""
    refused = []
    for key in FORM_SECTIONS:
        data = baseline(w, key)
        for name, field in sec.get(key).form(application=None).fields.items():
            if kind_of(field) == "text" and name not in ("issn", "cn", "email"):
                data[name] = value_of(field)
        try:
            dossier.save_item(w.applicant, w.app, key, data)
        except dossier.DossierError as exc:
            refused.append(f"{key}: {exc.fields or exc.problems}")
    return refused


def _show_everything(w, found: Findings, app):
    applicant, hr = w.applicant_client, w.hr_client
    for url in (f"/applications/{app.pk}/", f"/applications/{app.pk}/versions/",
                *[f"/applications/{app.pk}/s/{s.key}/" for s in sec.SECTIONS],
                *[f"/applications/{app.pk}/doc/{d}.{fmt}" for d in ("roster", "review_form") for fmt in ("html", "pdf")]):
        found.page(send(applicant, "get", url), context=url)
    for url in ("/", "/applications/", "/applications/export.xlsx", f"/applications/{app.pk}/"):
        found.page(send(hr, "get", url), context=f"HR {url}")
    for url in (f"{API}/applications/{app.pk}", f"{API}/applications/{app.pk}/actions",
                f"{API}/applications/{app.pk}/returns", f"{API}/applications/{app.pk}/versions",
                *[f"{API}/applications/{app.pk}/sections/{s.key}" for s in sec.SECTIONS]):
        found.api(send(applicant, "get", url), context=url)


STORED_VALUES = {
    "script-emoji-control": lambda field: (SCRIPT + EMOJI + "\x01")[: field.max_length],
    "max-length": lambda field: "长" * field.max_length,
}


@pytest.mark.parametrize("value_id", list(STORED_VALUES))
def test_stored_hostile_text_is_shown(rw, value_id):
    """What the section forms accept, every page, document and export shows, and submitting keeps."""
    found = Findings()
    with isolated():
        refused = _fill_every_text_field(rw, STORED_VALUES[value_id])
        assert not refused, refused
        found.items.extend(integrity_problems())
        _show_everything(rw, found, rw.app)
        found.ui(send(rw.applicant_client, "post", f"/applications/{rw.app.pk}/actions/submit/"), context="submit")
        found.page(send(rw.hr_client, "get", f"/applications/{rw.app.pk}/versions/"), context="versions")
    found.check()


@pytest.mark.parametrize("hostile_id", ["long-10000", "control-char", "script-emoji"])
def test_specialty_typed_at_start_is_shown(rw, hostile_id):
    """The specialty typed when starting an application is on every page, document and export."""
    found = Findings()
    with isolated():
        r = send(rw.applicant_client, "post", "/applications/new/",
                 {"campaign": str(rw.campaign2.pk), "title": str(rw.title.pk), "specialty": HOSTILE[hostile_id]},
                 keep=True)
        found.ui(r, must_refuse=hostile_id == "long-10000", context="start")
        app = m.Application.objects.filter(applicant=rw.applicant, campaign=rw.campaign2).first()
        if app is not None:
            _show_everything(rw, found, app)
    found.check()
