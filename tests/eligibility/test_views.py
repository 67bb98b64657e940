"""The report on the verification page (§二(一)) and GET /api/v1/applications/{id}/eligibility, in scope only."""

import pytest
from django.test import Client

from zhicheng.orgs.roles import Role

from .. import factories as f

pytestmark = pytest.mark.dates


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def url(app) -> str:
    return f"/api/v1/applications/{app.pk}/eligibility"


def test_the_verification_page_shows_every_condition(dossier, world):
    submitted(dossier)
    page = client_for(world.hr).get(f"/applications/{dossier.pk}/verification/").content.decode()
    assert 'id="eligibility"' in page and "申报条件核对（工程技术副高级申报条件）" in page
    assert page.count("✓ 符合") == 8 and "截至2026年12月31日满6年，要求满5年" in page


def test_the_applicant_reads_their_own_report(dossier, world):
    body = client_for(world.applicant).get(url(dossier)).json()
    assert body["passed"] and body["condition_set"] == "工程技术副高级申报条件" and body["failed"] == 0
    assert body["reference_date"] == "2026-12-31" and body["on"] == "2026-12-01"
    first = body["results"][0]
    assert first == {"key": "min_education", "label": "学历：大学本科毕业及以上", "passed": True,
                     "detail": "最高学历：大学本科毕业（2008年7月1日毕业）"}


def submitted(app):
    f.fill_required(app, skip=set(f.REQUIRED) - {"summary"})
    return f.submitted(app, fill=False)


def test_the_units_hr_reads_a_submitted_dossier_others_get_404(dossier, world):
    assert client_for(world.hr).get(url(dossier)).status_code == 404  # a draft is the applicant's own
    submitted(dossier)
    assert client_for(world.hr).get(url(dossier)).status_code == 200
    for outsider in (world.other_hr, world.other_applicant, world.applicant2, world.other_office_reviewer):
        assert client_for(outsider).get(url(dossier)).status_code == 404, outsider


def test_a_failed_condition_is_reported_with_its_reason(dossier, world):
    from zhicheng.dossier import models as m

    m.AnnualAssessment.objects.filter(application=dossier, year=2024).delete()
    body = client_for(world.applicant).get(url(dossier)).json()
    assert not body["passed"] and body["failed"] == 1
    bad = next(r for r in body["results"] if not r["passed"])
    assert bad["key"] == "assessments" and "2024年未填写" in bad["detail"]


def test_only_the_system_administrator_edits_the_conditions(dossier, world):
    from zhicheng.eligibility.models import ConditionSet

    cset = ConditionSet.objects.get(series__code="080", level="associate_senior", exceptional=False)
    admins = {}
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        u = f.user(role, world.province, name=f"管理员{role}")
        u.is_staff = u.is_superuser = True
        u.save()
        admins[role] = client_for(u)
    page = admins[Role.SYSTEM_ADMIN].get(f"/admin/eligibility/conditionset/{cset.pk}/change/")
    assert page.status_code == 200 and "年限计算截止月" in page.content.decode() and "逐级申报" in page.content.decode()
    assert admins[Role.SYSTEM_ADMIN].get("/admin/eligibility/sanction/").status_code == 200
    assert admins[Role.SECURITY_ADMIN].get(f"/admin/eligibility/conditionset/{cset.pk}/change/").status_code == 403
