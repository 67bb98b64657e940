"""复制上次申报信息 (issue 6 §4): a new dossier prefilled from the person's most recent earlier application —
section items copied, files not, each copied item shown as “复制自上次申报，请核对” until saved."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.base import ContentFile

from zhicheng.audit.models import AuditEvent
from zhicheng.codes.models import Title
from zhicheng.dossier import models as m
from zhicheng.dossier import prefill, services
from zhicheng.dossier.services import DossierError

from .. import factories as f

MARK = "复制自上次申报，请核对"


@pytest.fixture
def last_year(world):
    """李秀英's complete 2025 dossier in her unit, with a paper and a proof; she has nothing in 2026 yet."""
    c25 = f.campaign(world.unit, world.hr, year=2025)
    old = f.fill_required(f.application(world.applicant2, c25))
    m.Publication.objects.create(application=old, kind="paper", title="变电站接地设计研究", author_rank=1,
                                 journal="电力建设", published_on=datetime.date(2023, 5, 1))
    from zhicheng.files.models import StoredFile

    proof = StoredFile(original_name="学历证书.pdf", kind="pdf", size=100, sha256="1" * 64,
                       uploaded_by=world.applicant2)
    proof.file.save("proof.pdf", ContentFile(f.pdf_bytes("证书")), save=False)
    proof.save()
    m.Attachment.objects.create(application=old, section="education", file=proof)
    return old


def _new(world):
    return services.start_application(world.applicant2, campaign=world.campaign,
                                      title=Title.objects.get(code="082"), specialty="电气工程")


def test_copies_every_typed_section_marked_for_review_and_no_file(world, last_year):
    new = _new(world)
    assert prefill.previous_application(new) == last_year
    copied = prefill.copy_previous(world.applicant2, new)
    assert copied == {"basic": 1, "education": 1, "current_title": 1, "work": 1, "achievement": 1,
                      "publications": 1, "assessments": 5, "training": 1}
    for section in prefill.COPIED_SECTIONS:
        rows = list(section.model.objects.filter(application=new))
        assert all(r.needs_review for r in rows)
        assert len(rows) == copied.get(section.key, 0)
    assert m.Publication.objects.get(application=new).title == "变电站接地设计研究"
    assert not m.WorkSummary.objects.filter(application=new).exists()
    assert not m.Attachment.objects.filter(application=new).exists()
    # the old dossier is untouched
    assert not m.Publication.objects.get(application=last_year).needs_review
    assert m.Attachment.objects.filter(application=last_year).count() == 1
    event = AuditEvent.objects.get(action="application_prefill")
    assert event.details["from"] == last_year.pk and event.details["sections"]["assessments"] == 5


def test_the_mark_shows_on_each_copied_item_until_the_applicant_saves_it(client, world, last_year):
    new = _new(world)
    prefill.copy_previous(world.applicant2, new)
    client.force_login(world.applicant2)
    page = client.get(f"/applications/{new.pk}/s/assessments/").content.decode()
    assert page.count(MARK) == 5
    detail = client.get(f"/applications/{new.pk}/").content.decode()
    assert "5 条复制自上次申报，请核对" in detail
    basic = client.get(f"/applications/{new.pk}/s/basic/").content.decode()
    assert 'id="review-note"' in basic
    item = m.BasicInfo.objects.get(application=new)
    r = client.post(f"/applications/{new.pk}/s/basic/", {
        "ethnicity": "汉族", "political_status": "中共党员", "department": "设计部", "post": "电气工程师",
        "work_start_date": "2008-07-01", "professional_start_date": "2008-07-01", "email": ""})
    assert r.status_code == 302
    item.refresh_from_db()
    assert not item.needs_review
    assert MARK not in client.get(f"/applications/{new.pk}/s/basic/").content.decode()
    one = m.AnnualAssessment.objects.filter(application=new).first()
    services.save_item(world.applicant2, new, "assessments", {"year": one.year, "result": one.result_id},
                       item_id=one.pk)
    assert client.get(f"/applications/{new.pk}/s/assessments/").content.decode().count(MARK) == 4


def test_the_mark_is_not_part_of_the_dossier_content(world, last_year):
    new = _new(world)
    prefill.copy_previous(world.applicant2, new)
    snap = json.dumps(services.snapshot(new), ensure_ascii=False)
    assert "待核对" not in snap and "needs_review" not in snap


def test_sections_already_filled_are_not_overwritten_or_doubled(world, last_year):
    new = _new(world)
    services.save_item(world.applicant2, new, "achievement", {"content": "本次新写的业绩。"})
    copied = prefill.copy_previous(world.applicant2, new)
    assert "achievement" not in copied
    assert [a.content for a in m.Achievement.objects.filter(application=new)] == ["本次新写的业绩。"]
    with pytest.raises(DossierError, match="没有可复制的内容"):
        prefill.copy_previous(world.applicant2, new)
    assert m.Education.objects.filter(application=new).count() == 1


def test_only_the_applicant_on_a_draft_and_only_with_a_previous_dossier(world, last_year):
    with pytest.raises(DossierError, match="没有以前的申报"):
        prefill.copy_previous(world.applicant, world.app)  # 张建国 has only this one
    new = _new(world)
    with pytest.raises(DossierError) as exc:
        prefill.copy_previous(world.hr, new)
    assert exc.value.status == 403
    f.submitted(world.app)
    other = f.campaign(world.unit, world.hr, year=2027)
    later = services.start_application(world.applicant, campaign=other, title=Title.objects.get(code="082"),
                                       specialty="电气工程")
    assert prefill.previous_application(later) == world.app  # the most recent earlier one
    assert prefill.previous_application(world.app) is None  # never a later one


def test_a_submitted_dossier_is_not_prefilled(world, last_year):
    new = _new(world)
    f.submitted(new)
    with pytest.raises(DossierError, match="只有填写中的申报") as exc:
        prefill.copy_previous(world.applicant2, new)
    assert exc.value.status == 409


def test_start_page_offers_the_copy_and_does_it(client, world, last_year):
    client.force_login(world.applicant2)
    page = client.get(f"/applications/new/?campaign={world.campaign.pk}").content.decode()
    assert 'name="prefill"' in page and "复制上次申报信息（2025年度 · 河北电力设计院 · 高级工程师）" in page
    r = client.post("/applications/new/", {"campaign": world.campaign.pk, "title": Title.objects.get(code="082").pk,
                                            "specialty": "电气工程", "prefill": "on"}, follow=True)
    new = m.Application.objects.get(applicant=world.applicant2, campaign=world.campaign)
    assert "已复制上次申报信息：基本信息1条" in r.content.decode()
    assert m.Education.objects.get(application=new).needs_review


def test_start_page_without_a_previous_dossier_offers_no_copy(client, world):
    client.force_login(world.applicant2)
    page = client.get(f"/applications/new/?campaign={world.campaign.pk}").content.decode()
    assert 'name="prefill"' not in page


def test_dossier_page_button_copies_into_a_new_draft(client, world, last_year):
    new = _new(world)
    client.force_login(world.applicant2)
    page = client.get(f"/applications/{new.pk}/").content.decode()
    assert 'id="prefill-button"' in page
    r = client.post(f"/applications/{new.pk}/prefill/", follow=True)
    assert "已复制上次申报信息" in r.content.decode()
    assert m.WorkExperience.objects.get(application=new).needs_review
    assert 'id="prefill-button"' not in r.content.decode()  # every copyable section now filled
    client.force_login(world.other_hr)
    assert client.post(f"/applications/{new.pk}/prefill/").status_code == 404  # out of scope


def test_a_first_application_is_not_offered_a_copy_and_costs_no_read(client, world, last_year):
    """The dossier's facts count the person's other applications: someone applying for the first time sends
    fewer statements than someone with an earlier dossier, who is offered the copy."""
    from ..support.queries import count_queries

    first_timer = f.user("applicant", world.unit, name="首次申报人")
    mine = services.start_application(first_timer, campaign=world.campaign, title=Title.objects.get(code="082"),
                                      specialty="电气工程")
    again = _new(world)
    client.force_login(first_timer)
    client.get("/")
    page = client.get(f"/applications/{mine.pk}/").content.decode()
    assert "复制上次申报信息" not in page
    first = count_queries(client, f"/applications/{mine.pk}/")
    client.force_login(world.applicant2)
    client.get("/")
    assert "复制上次申报信息" in client.get(f"/applications/{again.pk}/").content.decode()
    assert count_queries(client, f"/applications/{again.pk}/") > first
    assert services.dossier_facts(mine).other_applications == 0
    assert services.dossier_facts(again).other_applications == 1
