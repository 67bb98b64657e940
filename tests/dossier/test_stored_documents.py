"""A submitted version's 一览表 and 评审表 are built once and served from storage; drafts and returned
dossiers are drawn live; every download is named 评审表-姓名.pdf / 一览表-姓名.pdf (issue 6 §3, §5)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage

from zhicheng.documents import registry
from zhicheng.documents.registry import REVIEW_FORM, UNIT_OPINION, Part
from zhicheng.dossier import documents
from zhicheng.dossier import models as m

from .. import factories as f

API = "/api/v1"


@pytest.fixture
def renders(monkeypatch):
    """Counts how often each form is drawn."""
    calls = {"roster": 0, "review_form": 0}
    for doc in calls:
        original = getattr(documents, f"{doc}_pdf")

        def counted(application, ctx=None, _doc=doc, _original=original):
            calls[_doc] += 1
            return _original(application, ctx)

        monkeypatch.setattr(documents, f"{doc}_pdf", counted)
    return calls


def _ui(client, app, doc):
    return client.get(f"/applications/{app.pk}/doc/{doc}.pdf")


def _disposition(doc: str, name: str) -> str:
    label = {"roster": "一览表", "review_form": "评审表"}[doc]
    return f"attachment; filename=\"{doc}.pdf\"; filename*=UTF-8''{quote(f'{label}-{name}.pdf')}"


@pytest.mark.parametrize("doc", ["review_form", "roster"])
def test_a_submitted_version_is_drawn_once_and_then_served_from_storage(client, world, renders, doc):
    app = f.submitted(world.app)
    client.force_login(world.applicant)
    first = _ui(client, app, doc)
    assert first.status_code == 200 and renders[doc] == 1
    stored = m.VersionDocument.objects.get(version__application=app, doc=doc)
    assert stored.version.number == 1 and default_storage.exists(stored.file.name)
    second = _ui(client, app, doc)
    assert second.status_code == 200 and renders[doc] == 1  # not drawn again
    assert second.getvalue() == first.getvalue() == default_storage.open(stored.file.name).read()
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == _disposition(doc, "张建国")


def test_the_api_serves_the_same_stored_pdf_under_the_same_name(client, world, renders):
    app = f.submitted(world.app)
    client.force_login(world.hr)
    ui = _ui(client, app, "review_form").getvalue()
    r = client.get(f"{API}/applications/{app.pk}/documents/review_form")
    assert r.status_code == 200 and renders["review_form"] == 1
    assert r.getvalue() == ui
    assert r["Content-Disposition"] == _disposition("review_form", "张建国")


def test_a_draft_is_drawn_live_every_time_and_never_stored(client, world, renders):
    f.fill_required(world.app)
    client.force_login(world.applicant)
    for _ in range(2):
        r = _ui(client, world.app, "review_form")
        assert r.status_code == 200
        assert r["Content-Disposition"] == _disposition("review_form", "张建国")
    assert renders["review_form"] == 2
    assert not m.VersionDocument.objects.exists()


def test_a_returned_dossier_is_drawn_live(client, world, renders):
    app = f.returned(f.submitted(world.app), world.hr)
    client.force_login(world.applicant)
    _ui(client, app, "roster")
    _ui(client, app, "roster")
    assert renders["roster"] == 2


def test_what_a_later_stage_prints_makes_a_new_pdf_and_the_old_file_goes(client, world, renders, monkeypatch,
                                                                          django_capture_on_commit_callbacks):
    monkeypatch.setattr(registry, "_parts", {form: {} for form in registry.FORMS})
    app = f.submitted(world.app)
    client.force_login(world.applicant)
    _ui(client, app, "review_form")
    old = m.VersionDocument.objects.get(version__application=app, doc="review_form").file.name
    registry.register_part(REVIEW_FORM, UNIT_OPINION, 10, lambda a: Part(("经单位评议，同意推荐。",)))
    with django_capture_on_commit_callbacks(execute=True):  # the old file is removed once the row is committed
        _ui(client, app, "review_form")
    _ui(client, app, "review_form")
    assert renders["review_form"] == 2  # drawn again once, then served
    row = m.VersionDocument.objects.get(version__application=app, doc="review_form")
    assert row.file.name != old and not default_storage.exists(old) and default_storage.exists(row.file.name)


def test_a_stored_file_lost_from_storage_is_built_again(client, world, renders):
    app = f.submitted(world.app)
    client.force_login(world.applicant)
    _ui(client, app, "roster")
    default_storage.delete(m.VersionDocument.objects.get().file.name)
    r = _ui(client, app, "roster")
    assert r.status_code == 200 and r.getvalue().startswith(b"%PDF") and renders["roster"] == 2
    assert default_storage.exists(m.VersionDocument.objects.get().file.name)
