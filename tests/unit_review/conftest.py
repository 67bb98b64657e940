import datetime

import pytest
from django.core.files.base import ContentFile

from zhicheng.dossier import models as m
from zhicheng.files.models import StoredFile

from .. import factories as f


def stored(app, name: str, kind: str, data: bytes) -> StoredFile:
    s = StoredFile(original_name=name, kind=kind, size=len(data), sha256="1" * 64, uploaded_by=app.applicant)
    s.file.save(name, ContentFile(data), save=False)
    s.save()
    return s


def proofs(app) -> tuple[m.Attachment, m.Attachment]:
    """A certificate scan (PNG) on the first education item and a PDF proof of the achievement section."""
    edu = m.Education.objects.filter(application=app).first()
    png = m.Attachment.objects.create(application=app, section="education", item_id=edu.pk, description="毕业证书",
                                      file=stored(app, "毕业证书.png", "png", f.png_bytes()))
    pdf = m.Attachment.objects.create(application=app, section="achievement", description="业绩证明",
                                      file=stored(app, "业绩证明.pdf", "pdf", f.pdf_bytes("业绩证明材料")))
    return png, pdf


@pytest.fixture
def dossier(world):
    """world.app with every required section, a publication, two proofs, submitted by the applicant (第1版)."""
    app = f.fill_required(world.app)
    m.Publication.objects.create(application=app, kind="paper", title="变电站防雷设计", author_rank=1,
                                 journal="河北电力技术", issn="1001-9898", published_on=datetime.date(2021, 5, 1))
    proofs(app)
    return f.submitted(app, fill=False)
