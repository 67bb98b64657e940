"""Deleted or replaced files leave storage once the transaction commits; each application has a storage
quota (a parameter) shown on the attachments page."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from zhicheng.campaigns.models import CampaignAttachment
from zhicheng.codes.models import Parameter
from zhicheng.dossier import models as m
from zhicheng.dossier import services
from zhicheng.files.models import StoredFile

from .. import factories as f

MiB = 1024 * 1024


def sized_pdf(size: int) -> SimpleUploadedFile:
    """A valid PDF padded with a trailing comment to exactly `size` bytes."""
    pdf = f.pdf_bytes("证明")
    return SimpleUploadedFile("证明.pdf", pdf + b"\n%" + b"0" * (size - len(pdf) - 2))


def exists(stored: StoredFile) -> bool:
    return stored.file.storage.exists(stored.file.name)


def attach(world, uploaded=None, **kwargs) -> m.Attachment:
    return services.attach_file(world.applicant, world.app, uploaded or SimpleUploadedFile("证.png", f.png_bytes()),
                                section_key=kwargs.pop("section_key", "attachments"), **kwargs)


def test_deleted_attachment_leaves_storage_on_commit(world, django_capture_on_commit_callbacks):
    att = attach(world)
    stored = att.file
    assert exists(stored)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.delete_item(world.applicant, world.app, "attachments", att.pk)
    assert exists(stored)  # not before the commit
    assert not StoredFile.objects.filter(pk=stored.pk).exists()
    for callback in callbacks:
        callback()
    assert not exists(stored)


def test_rolled_back_delete_keeps_the_file(world, django_capture_on_commit_callbacks):
    att = attach(world)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):  # noqa: PT012
        with transaction.atomic():
            services.delete_item(world.applicant, world.app, "attachments", att.pk)
            raise RuntimeError("a later step fails")
    assert StoredFile.objects.filter(pk=att.file_id).exists()
    assert exists(att.file)


def test_deleted_item_takes_its_proofs_with_it(world, django_capture_on_commit_callbacks):
    item = services.save_item(world.applicant, world.app, "honors",
                              {"name": "优秀工程师", "issuer": "河北省电力公司", "grade": "provincial",
                               "awarded_on": "2023-05-01"})
    proof = attach(world, section_key="honors", item_id=item.pk)
    other = attach(world, section_key="honors")  # the section as a whole: stays
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_item(world.applicant, world.app, "honors", item.pk)
    assert not exists(proof.file) and not StoredFile.objects.filter(pk=proof.file_id).exists()
    assert exists(other.file)


def test_replaced_work_summary_leaves_storage(world, django_capture_on_commit_callbacks):
    first = services.upload_work_summary(world.applicant, world.app, SimpleUploadedFile("a.pdf", f.summary_pdf()))
    old = first.file
    with django_capture_on_commit_callbacks(execute=True):
        second = services.upload_work_summary(world.applicant, world.app,
                                              SimpleUploadedFile("b.pdf", f.summary_pdf()))
    assert not exists(old) and not StoredFile.objects.filter(pk=old.pk).exists()
    assert exists(second.file) and m.WorkSummary.objects.get(application=world.app).file_id == second.file_id


def test_file_still_referred_to_elsewhere_is_kept(world, django_capture_on_commit_callbacks):
    att = attach(world)
    CampaignAttachment.objects.create(campaign=world.campaign, file=att.file, title="政策文件")
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_item(world.applicant, world.app, "attachments", att.pk)
    assert StoredFile.objects.filter(pk=att.file_id).exists() and exists(att.file)


def set_quota(mb: int) -> None:
    Parameter.objects.filter(key="application_storage_mb").update(value=mb)
    cache.clear()


def test_quota_at_its_edge(world):
    set_quota(1)
    attach(world, sized_pdf(600_000))
    with pytest.raises(services.DossierError) as caught:
        attach(world, sized_pdf(MiB - 600_000 + 1))
    message = caught.value.fields["file"][0]
    assert message.startswith("本申报的材料总量上限为 1 MB（工作总结与全部证明材料合计），已使用 0.57 MB，剩余 0.43 MB；")
    assert "超出剩余空间。请删除不再需要的材料或压缩后再上传。" in message
    attach(world, sized_pdf(MiB - 600_000))  # exactly full
    assert services.storage_usage(world.app)["remaining"] == 0


def test_replacing_the_summary_counts_the_space_it_frees(world):
    summary = services.upload_work_summary(world.applicant, world.app, SimpleUploadedFile("a.pdf", f.summary_pdf()))
    size = summary.file.size
    set_quota(1)
    attach(world, sized_pdf(MiB - size))  # the application is now full to the byte
    with pytest.raises(services.DossierError, match="剩余 0 MB"):
        attach(world)
    with pytest.raises(services.DossierError, match="材料总量上限为 1 MB"):  # one byte more than it frees
        services.upload_work_summary(world.applicant, world.app,
                                     SimpleUploadedFile("b.pdf", f.summary_pdf() + b"\n"))
    same = services.upload_work_summary(world.applicant, world.app, SimpleUploadedFile("c.pdf", f.summary_pdf()))
    assert same.file.original_name == "c.pdf" and services.storage_usage(world.app)["remaining"] == 0


def test_quota_is_shown_on_the_attachments_page(world, client):
    set_quota(2)
    attach(world, sized_pdf(MiB // 2))
    client.force_login(world.applicant)
    page = client.get(f"/applications/{world.app.pk}/s/attachments/").content.decode()
    assert "材料存储空间：已用 0.5 MB，剩余 1.5 MB（上限 2 MB，工作总结与全部证明材料合计）。" in page


def test_upload_over_quota_is_refused_on_the_page(world, client):
    set_quota(0)
    client.force_login(world.applicant)
    r = client.post(f"/applications/{world.app.pk}/s/attachments/upload/",
                    {"file": SimpleUploadedFile("证.png", f.png_bytes())}, follow=True)
    assert "上传失败：本申报的材料总量上限为 0 MB" in r.content.decode()
    assert not m.Attachment.objects.filter(application=world.app).exists()
