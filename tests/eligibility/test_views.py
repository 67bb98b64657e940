"""The report on the verification page (§二(一)) and GET /api/v1/applications/{id}/eligibility, in scope only."""

import json

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
    admins = {role: _admin(world, role) for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)}
    page = admins[Role.SYSTEM_ADMIN].get(f"/admin/eligibility/conditionset/{cset.pk}/change/")
    assert page.status_code == 200 and "年限计算截止月" in page.content.decode() and "逐级申报" in page.content.decode()
    assert admins[Role.SYSTEM_ADMIN].get("/admin/eligibility/sanction/").status_code == 200
    assert admins[Role.SECURITY_ADMIN].get(f"/admin/eligibility/conditionset/{cset.pk}/change/").status_code == 403


def _admin(world, role=Role.SYSTEM_ADMIN) -> Client:
    u = f.user(role, world.province, name="系统管理员")
    u.is_staff = u.is_superuser = True
    u.save()
    return client_for(u)


def _post(c, cset, kind, params):
    rows = list(cset.conditions.all())
    data = {"series": cset.series_id, "level": cset.level, "reference_month": 12, "reference_day": 31,
            "basis": "2027年评审条件", "conditions-TOTAL_FORMS": len(rows), "conditions-INITIAL_FORMS": len(rows),
            "conditions-MIN_NUM_FORMS": 0, "conditions-MAX_NUM_FORMS": 1000}
    for i, row in enumerate(rows):
        data.update({f"conditions-{i}-id": row.pk, f"conditions-{i}-condition_set": cset.pk,
                     f"conditions-{i}-order": row.order, f"conditions-{i}-kind": row.kind,
                     f"conditions-{i}-params": params if row.kind == kind else json.dumps(row.params)})
    return c.post(f"/admin/eligibility/conditionset/{cset.pk}/change/", data)


def test_a_new_years_rule_is_an_edit_in_the_back_office_and_wrong_parameters_are_refused(dossier, world):
    from zhicheng.audit.models import AuditEvent
    from zhicheng.eligibility.models import ConditionSet
    from zhicheng.eligibility.services import evaluate

    from .conftest import TODAY

    cset = ConditionSet.objects.get(series__code="080", level="associate_senior", exceptional=False)
    c = _admin(world)
    r = _post(c, cset, "assessments", '{"years": 5}')
    assert r.status_code == 200 and "缺少参数“min_result”" in r.content.decode()
    r = _post(c, cset, "years_since_title", '{"by_education": [{"education": "21", "years": 7}]}')
    assert r.status_code == 302, r.content.decode()[-2000:]
    assert AuditEvent.objects.filter(action="admin_change", object_id=str(cset.pk)).exists()
    years = next(r for r in evaluate(dossier, on=TODAY).results if r.key == "years_since_title")
    assert not years.passed and years.detail.endswith("满6年，要求满7年")
