"""The 一览表 and 评审表 as downloads: a submitted version's PDFs are built once and then served from
storage (issue 6 §3: a dossier with many items took seconds to draw on every request); drafts and returned
dossiers, being edited, are drawn live each time.

A stored PDF is reused while its ``basis`` — the digest of everything the documents print, read with the
same few queries as drawing them — is unchanged; a later stage filling an opinion box, or a corrected name,
changes the basis and the PDF is built again, replacing the stored one.
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import quote

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import FileResponse, HttpResponse

from zhicheng.workflow.states import EDITABLE_STATES, OFFICE_EDITABLE_STATES

from . import documents
from . import models as m

DOC_NAMES = {m.VersionDocument.Doc.ROSTER: "一览表", m.VersionDocument.Doc.REVIEW_FORM: "评审表"}


def download_name(application, doc: str) -> str:
    """评审表-张建国.pdf / 一览表-张建国.pdf."""
    return f"{DOC_NAMES[doc]}-{application.applicant.real_name}.pdf"


def content_disposition(filename: str, fallback: str) -> str:
    """An attachment with a UTF-8 name (RFC 6266 / RFC 5987 ``filename*``) and an ASCII one for old clients."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def basis_of(ctx: dict) -> str:
    """The digest of what the documents print (the context both are drawn from)."""
    printed = {key: value for key, value in ctx.items() if key != "application"}
    text = json.dumps(printed, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def _render(application, doc: str, ctx: dict) -> bytes:
    # Looked up at call time: one function per form in documents.py.
    return getattr(documents, f"{doc}_pdf")(application, ctx)


def stored_pdf(application, doc: str):
    """The stored PDF of the application's current submitted version, built now if missing or stale.

    Returns an open binary file, or bytes when the dossier is being edited (never stored)."""
    ctx = documents.document_context(application)
    app = ctx["application"]
    version = app.versions.order_by("-number").first()
    if app.state in EDITABLE_STATES | OFFICE_EDITABLE_STATES or version is None:
        return _render(app, doc, ctx)
    basis = basis_of(ctx)
    stored = m.VersionDocument.objects.filter(version=version, doc=doc).first()
    if stored is not None and stored.basis == basis:
        try:
            return stored.file.open("rb")
        except FileNotFoundError:  # lost from storage: built again below
            pass
    data = _render(app, doc, ctx)
    _keep(version, doc, basis, data, stored)
    return data


def _keep(version: m.ApplicationVersion, doc: str, basis: str, data: bytes, stored: m.VersionDocument | None):
    old_name = stored.file.name if stored is not None else None
    row = stored or m.VersionDocument(version=version, doc=doc)
    row.basis, row.size = basis, len(data)
    row.file.save(f"{version.application_id}-v{version.number}-{doc}.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # another request stored the same document meanwhile; its copy serves
        row.file.storage.delete(row.file.name)
        return
    if old_name and old_name != row.file.name:
        storage = row.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))


def pdf_response(application, doc: str) -> HttpResponse:
    """The 一览表 ("roster") or 评审表 ("review_form") as a download named 评审表-姓名.pdf."""
    content = stored_pdf(application, doc)
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type="application/pdf")
    else:
        response = FileResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(download_name(application, doc), f"{doc}.pdf")
    return response
