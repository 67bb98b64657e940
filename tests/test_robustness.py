"""No request answers 500: hostile input to every UI form and every API write endpoint.

The users are the ones allowed to write — world.applicant on world.app (a draft), world.hr for campaigns
and for returning a submitted dossier — so the input reaches validation and the services instead of
stopping at a permission check. For every request:

* the status is never 500 (an exception in a view is reported with the line of our code it came from);
* a UI answer that refuses the input says so in Chinese (form errors, a message, or a Chinese 4xx page),
  and input that can never be valid (impossible dates, non-numbers, over-long text, NUL) is refused;
* a raw ``<script>alert(1)</script>`` never appears in an HTML response: it is escaped;
* an API refusal is the JSON problem document with a Chinese ``detail``;
* whatever was accepted fits the columns — no string longer than its ``max_length``, no NUL character
  in text or JSON — since PostgreSQL refuses such a row with a 500 where SQLite stores it.

The world is built once per module (one transaction, rolled back at the end) and every request runs in
its own savepoint, so an accepted write never changes what the next request sees.
"""

from __future__ import annotations

import contextlib
import json
import re
import traceback
from urllib.parse import quote

import pytest
from django import forms
from django.apps import apps as django_apps
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhicheng.campaigns.forms import CampaignForm
from zhicheng.campaigns.models import Campaign
from zhicheng.codes.models import AssessmentResult, EducationLevel, Title
from zhicheng.dossier import models as m
from zhicheng.dossier import sections as sec
from zhicheng.dossier import services as dossier
from zhicheng.files.models import StoredFile

from . import factories as f
from .conftest import build_world

API = "/api/v1"
SCRIPT = "<script>alert(1)</script>"
EMOJI = "👨‍👩‍👧‍👦🀄️𠀀"

# --------------------------------------------------------------------------- hostile values

HOSTILE = {
    "date-feb30": "2026-02-30",
    "abc": "abc",
    "date-1900": "1900-01-01",
    "date-9999": "9999-12-31",
    "minus-one": "-1",
    "1e309": "1e309",
    "huge-int": "99999999999999999999",
    "int32-overflow": "2147483648",
    "superscript-digit": "²",  # str.isdigit() is True, int() refuses it
    "empty": "",
    "blank": "   ",
    "long-10000": "长" * 10_000,
    "nul": "a\x00b",
    "control-char": "a\x01b",  # not allowed in an XLSX cell
    "script-emoji": SCRIPT + EMOJI,
}
# Per kind of form field, the values that mean something to it (a date field refuses "emoji" the same
# way it refuses "abc").
VALUES_FOR = {
    "text": ["long-10000", "nul", "control-char", "script-emoji"],
    "date": ["date-feb30", "abc", "date-1900", "date-9999", "huge-int", "empty"],
    "number": ["minus-one", "1e309", "huge-int", "int32-overflow", "superscript-digit", "empty"],
    "choice": ["abc", "minus-one", "huge-int", "superscript-digit"],
}
# JSON values of other types, for the API (the section endpoints turn scalars into strings).
JSON_HOSTILE = {
    "json-int-huge": 10**20,
    "json-int-negative": -1,
    "json-float-huge": 1e308,
    "json-true": True,
    "json-null": None,
    "json-list": [1, 2],
    "json-object": {"a": {"b": 1}},
}
# Whole request bodies of the wrong shape for a JSON endpoint.
BAD_BODIES = {
    "list": "[]",
    "list-of-objects": '[{"a": 1}]',
    "string": '"x"',
    "number": "1",
    "null": "null",
    "nested-objects": '{"a": ' * 50 + "1" + "}" * 50,
    "deeply-nested-arrays": "[" * 100_000 + "]" * 100_000,
    "invalid-json": '{"a": ',
    "empty": "",
    "not-utf8": b"\xff\xfe\xfa",
    "nul-key": '{"\\u0000": "x"}',
    "infinity": '{"year": Infinity, "title_id": NaN}',
}


def kind_of(field: forms.Field) -> str:
    if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
        return "choice"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.IntegerField):
        return "number"
    return "text"


# --------------------------------------------------------------------------- the world

def _fake_file(user, name: str) -> StoredFile:
    """A file row without content on disk (nothing here reads it)."""
    return StoredFile.objects.create(file="u/none.pdf", original_name=name, kind="pdf", size=1, sha256="0" * 64,
                                     uploaded_by=user)


def _complete(app):
    f.fill_required(app, with_summary=False)
    m.WorkSummary.objects.create(application=app, file=_fake_file(app.applicant, "工作总结.pdf"), char_count=800)


def _logged_in(user) -> Client:
    c = Client(raise_request_exception=False)
    c.force_login(user)
    c.get("/")  # the session's first write (last_seen) happens here, not in every test's savepoint
    return c


def _build():
    w = build_world()
    _complete(w.app)
    # A submitted dossier in world.unit, for world.hr to return.
    w.sub_app = f.application(w.applicant2, w.campaign)
    _complete(w.sub_app)
    dossier.submit(w.applicant2, w.sub_app)
    # An open campaign where world.applicant has not applied (to start one) and a draft campaign for HR.
    w.campaign2 = f.campaign(w.unit, w.hr, year=2025)
    w.draft_campaign = f.campaign(w.unit, w.hr, year=2027, status=Campaign.Status.DRAFT)
    w.education = m.Education.objects.filter(application=w.app).first()
    w.work = m.WorkExperience.objects.filter(application=w.app).first()
    w.attachment = m.Attachment.objects.create(application=w.app, section="work", item_id=w.work.pk,
                                               description="证明", file=_fake_file(w.applicant, "证明.pdf"))
    w.level = EducationLevel.objects.get(code="21")
    w.result = AssessmentResult.objects.get(code="competent")
    w.title = Title.objects.get(code="082")
    w.pdf = f.pdf_bytes("学位证书")
    w.summary_pdf = f.pdf_bytes(f.summary_text(800))
    w.applicant_client = _logged_in(w.applicant)
    w.hr_client = _logged_in(w.hr)
    return w


@pytest.fixture(scope="module")
def rw(django_db_setup, django_db_blocker):
    yield from f.module_world(django_db_blocker, _build)


@pytest.fixture(autouse=True)
def _each_test_in_a_savepoint(db):
    pass


# --------------------------------------------------------------------------- checks

_CJK = re.compile(r"[\u3400-\u9fff]")
_UI_ERROR = re.compile(r'<ul class="errorlist"[^>]*>(.*?)</ul>|class="error">(.*?)</(?:span|p)>|'
                       r'class="msg-error">(.*?)</li>', re.S)
_H1 = re.compile(r"<h1>(.*?)</h1>", re.S)
_SRC = "/src/zhicheng/"


@contextlib.contextmanager
def isolated():
    """One request's writes, rolled back afterwards."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def send(client: Client, method: str, url: str, data=None, *, keep: bool = False, **kwargs):
    """One request, in its own savepoint unless `keep`; no message left over from an earlier request is
    shown. `r.integrity` lists what it stored that PostgreSQL would refuse (checked before the rollback)."""
    client.cookies.pop("messages", None)
    args = (url,) if data is None else (url, data)
    with contextlib.nullcontext() if keep else isolated(), CaptureQueriesContext(connection) as queries:
        r = getattr(client, method)(*args, **kwargs)
        r.integrity = integrity_problems(written_tables(queries.captured_queries))
    return r


def describe(r) -> str:
    req = r.request
    text = f"{req['REQUEST_METHOD']} {req['PATH_INFO']}"
    if req.get("QUERY_STRING"):
        text += f"?{req['QUERY_STRING']}"
    return f"{text[:200]} → {r.status_code}"


def server_error(r) -> str | None:
    """For a 5xx answer: the exception and the line of our code it came through."""
    if r.status_code < 500:
        return None
    exc_info = getattr(r, "exc_info", None)
    if not exc_info:
        return describe(r)
    exc = exc_info[1]
    ours = [fr for fr in traceback.extract_tb(exc_info[2]) if _SRC in fr.filename]
    where = f"{ours[-1].filename.split(_SRC)[1]}:{ours[-1].lineno} `{ours[-1].line}`" if ours else "(no frame of ours)"
    message = str(exc)
    message = message if len(message) <= 160 else message[:160] + "…"
    return f"{describe(r)}: {type(exc).__module__}.{type(exc).__name__}: {message}\n      at {where}"


def body_text(r) -> str:
    return "" if getattr(r, "streaming", False) else r.content.decode(errors="replace")


def escaped(r) -> str | None:
    if r.get("Content-Type", "").startswith("text/html") and SCRIPT in body_text(r):
        return f"{describe(r)}: the raw {SCRIPT} is in the HTML"
    return None


def ui_outcome(r) -> str:
    """'refused' (a Chinese error is shown or queued), 'saved' (a success message), or 'unclear'."""
    if r.status_code in (301, 302):
        queued = list(messages.get_messages(r.wsgi_request))
        if any(msg.level == messages.ERROR and _CJK.search(str(msg)) for msg in queued):
            return "refused"
        if any(msg.level == messages.SUCCESS for msg in queued):
            return "saved"
        return "unclear"
    html = body_text(r)
    if any(_CJK.search(next(g for g in groups if g)) for groups in _UI_ERROR.findall(html)):
        return "refused"
    if 400 <= r.status_code < 500 and any(_CJK.search(h) for h in _H1.findall(html)):
        return "refused"
    return "unclear"


def api_problem(r) -> str | None:
    """A 4xx answer must be the JSON problem document with a Chinese detail."""
    if not 400 <= r.status_code < 500:
        return None
    try:
        detail = r.json()["detail"]
    except (ValueError, KeyError, TypeError):
        return f"{describe(r)}: not a JSON problem document: {body_text(r)[:200]!r}"
    if not any(_CJK.search(str(d)) for d in detail):
        return f"{describe(r)}: the detail is not in Chinese: {detail!r}"
    return None


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE)\s+"?(\w+)"?', re.I)


def written_tables(queries) -> set[str]:
    return {mt.group(1) for q in queries if (mt := _WRITE.match(q["sql"] or ""))} - {"django_session"}


def integrity_problems(tables: set[str] | None = None) -> list[str]:
    """Values SQLite stores but PostgreSQL refuses (a 500 there): too long for the column, or NUL; and
    uploaded file names that kept a path. `tables`: only these (default: every table of the project)."""
    problems = []
    for model in django_apps.get_models():
        if tables is not None and model._meta.db_table not in tables:
            continue
        if tables is None and not model.__module__.startswith("zhicheng."):
            continue
        for obj in model.objects.all():
            for field in obj._meta.concrete_fields:
                value = getattr(obj, field.attname)
                where = f"stored {obj._meta.label}.{field.name}"
                if isinstance(field, models.JSONField):
                    if "\\u0000" in json.dumps(value):
                        problems.append(f"{where}: NUL inside JSON (PostgreSQL jsonb refuses it)")
                elif isinstance(value, str):
                    if "\x00" in value:
                        problems.append(f"{where}: NUL character (PostgreSQL refuses it)")
                    if field.max_length and len(value) > field.max_length:
                        problems.append(f"{where}: {len(value)} characters in a max_length={field.max_length} "
                                        "column (PostgreSQL refuses it)")
            if isinstance(obj, StoredFile) and ("/" in obj.original_name or ".." in obj.original_name):
                problems.append(f"stored file name keeps a path: {obj.original_name!r}")
    return problems


class Findings:
    """Every problem of a test case, so that one run reports all of them."""

    def __init__(self):
        self.items: list[str] = []

    def _add(self, context: str, text: str):
        self.items.append(f"[{context}] {text}" if context else text)

    def _stored(self, r, context: str):
        for p in getattr(r, "integrity", []):
            self._add(context, f"{describe(r)}: {p}")

    def ui(self, r, *, must_refuse: bool = False, context: str = ""):
        if (err := server_error(r)) is not None:
            return self._add(context, err)
        if (err := escaped(r)) is not None:
            self._add(context, err)
        outcome = ui_outcome(r)
        if outcome == "unclear":
            self._add(context, f"{describe(r)}: neither a Chinese error nor a success message")
        elif outcome == "saved" and must_refuse:
            self._add(context, f"{describe(r)}: accepted a value that can never be valid")
        self._stored(r, context)

    def api(self, r, *, context: str = ""):
        if (err := server_error(r)) is not None:
            return self._add(context, err)
        if (err := api_problem(r)) is not None:
            self._add(context, err)
        self._stored(r, context)

    def page(self, r, *, context: str = ""):
        """Any page or download: no 500, no raw script."""
        if (err := server_error(r)) is not None:
            return self._add(context, err)
        if (err := escaped(r)) is not None:
            self._add(context, err)
        self._stored(r, context)

    def check(self):
        unique = list(dict.fromkeys(self.items))
        assert not unique, f"{len(unique)} problem(s):\n  " + "\n  ".join(unique)


# --------------------------------------------------------------------------- section forms (UI)

def baseline(w, key: str) -> dict[str, str]:
    """Valid data for each section form (the applicant was born 1985-03-15)."""
    return {
        "basic": {"ethnicity": "汉族", "political_status": "群众", "department": "设计部", "post": "电气工程师",
                  "work_start_date": "2008-07-01", "professional_start_date": "2008-07-01",
                  "email": "a@example.cn"},
        "education": {"school": "河北工业大学", "major": "电气工程", "education_level": str(w.level.pk),
                      "degree": "master", "start_date": "2008-09-01", "end_date": "2011-07-01",
                      "certificate_no": "123"},
        "current_title": {"title_name": "工程师", "obtained_on": "2015-12-01",
                          "approval_document": "冀职改办字〔2015〕88号", "approving_body": "河北省职改办"},
        "work": {"start_date": "2011-07-01", "end_date": "2015-07-01", "employer": "河北电力设计院",
                 "position": "设计员", "duties": "变电站设计"},
        "achievement": {"content": "主持完成某220kV变电站电气设计。"},
        "projects": {"name": "智能变电站研究", "source": "省科技厅", "grade": "provincial", "role": "leader",
                     "rank": "1", "start_date": "2018-01-01", "end_date": "2019-12-31", "status": "finished"},
        "awards": {"name": "科技进步奖", "grade": "省科技进步二等奖", "rank": "2", "awarded_on": "2019-05-01",
                   "issuer": "河北省人民政府"},
        "publications": {"kind": "paper", "title": "变电站接地设计", "author_rank": "1", "journal": "电力建设",
                         "issn": "1000-0135", "cn": "11-2737/TP", "published_on": "2018-06-01"},
        "honors": {"name": "先进工作者", "issuer": "河北电力设计院", "grade": "unit", "awarded_on": "2017-01-01"},
        "assessments": {"year": "2012", "result": str(w.result.pk)},
        "training": {"year": "2012", "hours": "90", "content": "继续教育"},
    }[key]


FORM_SECTIONS = [s.key for s in sec.SECTIONS if s.form is not None]
SECTION_FIELDS = [(s.key, name) for s in sec.SECTIONS if s.form is not None for name in s.form.base_fields]


def form_field(key: str, name: str) -> forms.Field:
    return sec.get(key).form(application=None).fields[name]


def must_refuse(key: str, name: str, hostile_id: str) -> bool:
    """Whether this value in this field of a section form can never be valid."""
    field = form_field(key, name)
    kind = kind_of(field)
    if hostile_id == "empty":
        return field.required
    if kind == "choice":
        return True
    if kind == "date":
        return not (hostile_id == "date-9999" and name in getattr(sec.get(key).form, "future_ok", ()))
    if kind == "number":
        return hostile_id != "int32-overflow"
    return hostile_id in ("long-10000", "nul")


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


# --------------------------------------------------------------------------- section items (API)

def _json(client: Client, method: str, url: str, body):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return send(client, method, url, data, content_type="application/json")


@pytest.mark.parametrize("key", FORM_SECTIONS)
def test_api_section_item(rw, key):
    """Each hostile value in every field at once (the API uses the same forms as the UI), new and existing."""
    found = Findings()
    data = baseline(rw, key)
    url = f"{API}/applications/{rw.app.pk}/sections/{key}"
    item = {"education": rw.education, "work": rw.work}.get(key)
    for hostile_id, value in {**HOSTILE, **JSON_HOSTILE}.items():
        found.api(_json(rw.applicant_client, "post", url, dict.fromkeys(data, value)), context=f"POST {hostile_id}")
        if item is not None:
            found.api(_json(rw.applicant_client, "put", f"{url}/{item.pk}", dict.fromkeys(data, value)),
                      context=f"PUT {hostile_id}")
    # Text the forms accept, in each text field alone, so that the save is reached.
    for name, field in sec.get(key).form(application=None).fields.items():
        if kind_of(field) == "text":
            for hostile_id in ("control-char", "script-emoji"):
                found.api(_json(rw.applicant_client, "post", url, {**data, name: HOSTILE[hostile_id]}),
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
    "POST submit": ("post", "applicant", lambda w: f"{API}/applications/{w.app.pk}/submit"),
    "POST return": ("post", "hr", lambda w: f"{API}/applications/{w.sub_app.pk}/return"),
}


@pytest.mark.parametrize("endpoint", list(API_BODY_ENDPOINTS))
def test_api_body_of_the_wrong_shape(rw, endpoint):
    """Lists, strings, deep nesting, invalid JSON, not UTF-8, a NUL key; as JSON and as text/plain."""
    method, role, url_of = API_BODY_ENDPOINTS[endpoint]
    client = rw.applicant_client if role == "applicant" else rw.hr_client
    found = Findings()
    for body_id, body in BAD_BODIES.items():
        found.api(_json(client, method, url_of(rw), body), context=f"{body_id} as JSON")
        found.api(send(client, method, url_of(rw), body, content_type="text/plain"), context=f"{body_id} as text")
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
        found.api(_json(client, "post", url, baseline(rw, "work")), context=f"POST app {app_id}")
        found.api(send(client, "get", url), context=f"GET app {app_id}")
        found.api(_json(client, "put", item_url, baseline(rw, "work")), context=f"PUT app {app_id}")
        found.api(send(client, "delete", item_url), context=f"DELETE app {app_id}")
    found.check()


# --------------------------------------------------------------------------- drafts

DRAFT_FORM_KEYS = {"new": "new", "abc": "abc", "nul": "%00", "long": "k" * 5000, "emoji": quote(EMOJI),
                   "script": quote(SCRIPT.replace("/", "")), "huge": "99999999999999999999"}


@pytest.mark.parametrize("form_key", list(DRAFT_FORM_KEYS))
@pytest.mark.parametrize("key", ["work", "nope", "summary"])
def test_drafts(rw, key, form_key):
    """Autosave (UI and API) with every hostile value; hostile section keys and form keys in the address."""
    found = Findings()
    client = rw.applicant_client
    fk = DRAFT_FORM_KEYS[form_key]
    ui_url = f"/applications/{rw.app.pk}/s/{key}/draft/{fk}/"
    api_url = f"{API}/applications/{rw.app.pk}/drafts/{key}/{fk}"
    r = send(client, "post", ui_url, HOSTILE)
    if (err := server_error(r)) is not None:
        found.items.append(f"[UI] {err}")
    elif r.status_code == 200:
        found.items.extend(f"[UI] {describe(r)}: {p}" for p in r.integrity)
    elif r.get("Content-Type", "").startswith("application/json") and not _CJK.search(r.json().get("error", "")):
        found.items.append(f"[UI] {describe(r)}: no Chinese error: {body_text(r)[:200]!r}")
    found.api(_json(client, "put", api_url, {**HOSTILE, **JSON_HOSTILE}), context="API PUT")
    found.api(send(client, "get", api_url), context="API GET")
    found.check()


# --------------------------------------------------------------------------- deletes

@pytest.mark.parametrize("item_id", ["0", "999999", "99999999999999999999", "attachment"])
@pytest.mark.parametrize("key", ["work", "attachments", "summary", "nope"])
def test_deletes(rw, key, item_id):
    found = Findings()
    item_id = str(rw.attachment.pk) if item_id == "attachment" else item_id
    found.ui(send(rw.applicant_client, "post", f"/applications/{rw.app.pk}/s/{key}/delete/{item_id}/"),
             context="UI")
    found.api(send(rw.applicant_client, "delete", f"{API}/applications/{rw.app.pk}/sections/{key}/{item_id}"),
              context="API")
    found.check()


# --------------------------------------------------------------------------- uploads

FILE_IDS = ["no-file", "path-in-name", "zero-bytes", "truncated-pdf", "pdf-without-tail", "pdf-header-only",
            "text-named-pdf", "png-header-only", "nul-in-name", "long-name", "script-in-name"]


def upload(w, file_id: str, *, summary: bool = False) -> SimpleUploadedFile | None:
    pdf = w.summary_pdf if summary else w.pdf
    return {
        "no-file": lambda: None,
        "path-in-name": lambda: SimpleUploadedFile("../../etc/passwd.pdf", pdf, "application/pdf"),
        "zero-bytes": lambda: SimpleUploadedFile("empty.pdf", b"", "application/pdf"),
        "truncated-pdf": lambda: SimpleUploadedFile("half.pdf", pdf[: len(pdf) // 2], "application/pdf"),
        "pdf-without-tail": lambda: SimpleUploadedFile("tail.pdf", pdf[:-40], "application/pdf"),
        "pdf-header-only": lambda: SimpleUploadedFile("head.pdf", b"%PDF-1.7\n", "application/pdf"),
        "text-named-pdf": lambda: SimpleUploadedFile("x.pdf", b"hello", "application/pdf"),
        "png-header-only": lambda: SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"),
        "nul-in-name": lambda: SimpleUploadedFile("a\x00b.pdf", pdf, "application/pdf"),
        "long-name": lambda: SimpleUploadedFile("长" * 250 + ".pdf", pdf, "application/pdf"),
        "script-in-name": lambda: SimpleUploadedFile(SCRIPT.replace("/", "") + ".pdf", pdf, "application/pdf"),
    }[file_id]()


UPLOAD_KEYS = ["summary", "attachments", "education", "nope"]


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


# --------------------------------------------------------------------------- campaigns (UI)

def campaign_baseline(w) -> dict:
    return {"year": "2026", "name": "2026年度职称申报", "conditions": "条件", "policy_text": "政策",
            "titles": [str(w.title.pk)], "panel": [str(w.hr.pk)], "panel_leader": str(w.hr.pk),
            "application_start": "2026-11-02", "application_days": "20"}


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


# --------------------------------------------------------------------------- campaigns (API)

def campaign_json(w) -> dict:
    return {"year": 2026, "name": "2026年度职称申报", "conditions": "条件", "policy_text": "政策",
            "title_ids": [w.title.pk],
            "stages": [{"stage": "application", "starts_on": "2026-11-02", "working_days": 20}],
            "panel": [{"user_id": w.hr.pk, "duty": "leader"}]}


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
        found.api(_json(rw.hr_client, method, url, {**campaign_json(rw), field: value}), context=case_id)
    found.check()


def test_api_campaign_unknown_ids(rw):
    found = Findings()
    for pk in ("999999", "99999999999999999999", "0"):
        found.api(_json(rw.hr_client, "put", f"{API}/campaigns/{pk}", campaign_json(rw)), context=f"PUT {pk}")
        found.api(send(rw.hr_client, "post", f"{API}/campaigns/{pk}/publish"), context=f"publish {pk}")
        found.api(send(rw.hr_client, "get", f"{API}/campaigns/{pk}/attachments/{pk}"), context=f"file {pk}")
    found.check()


# --------------------------------------------------------------------------- starting an application

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


def test_api_start_application(rw):
    found = Findings()
    base = {"campaign_id": rw.campaign2.pk, "title_id": rw.title.pk, "specialty": "电气工程"}
    for hostile_id, value in {**HOSTILE, **JSON_HOSTILE}.items():
        for name in ("campaign_id", "title_id", "specialty", "is_exceptional"):
            found.api(_json(rw.applicant_client, "post", f"{API}/applications", {**base, name: value}),
                      context=f"{name}={hostile_id}")
    found.check()


# --------------------------------------------------------------------------- return (unit HR)

RETURN_SECTIONS = {
    "unknown": ["nope"], "script": [SCRIPT], "long": ["长" * 10_000], "nul": ["a\x00b"], "none": [],
    "all": ["all"], "duplicates": ["work", "work"], "valid": ["work"],
}


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


@pytest.mark.parametrize("case", list(RETURN_SECTIONS))
def test_api_return(rw, case):
    found = Findings()
    url = f"{API}/applications/{rw.sub_app.pk}/return"
    for hostile_id, value in {"valid": "请补充证明材料。", **HOSTILE, **JSON_HOSTILE}.items():
        found.api(_json(rw.hr_client, "post", url, {"reason": value, "sections": RETURN_SECTIONS[case]}),
                  context=f"reason={hostile_id}")
    found.check()


# --------------------------------------------------------------------------- query strings

QUERY_VALUES = ["huge-int", "superscript-digit", "minus-one", "abc", "nul", "long-10000", "script-emoji"]


@pytest.mark.parametrize("hostile_id", QUERY_VALUES)
def test_query_strings(rw, hostile_id):
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
    for url in (f"{API}/applications/{app.pk}", *[f"{API}/applications/{app.pk}/sections/{s.key}"
                                                  for s in sec.SECTIONS]):
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
