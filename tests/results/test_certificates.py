"""职称证书 (§五) through the services: issue (number format, one per application, who may), public
verification (masked data; a wrong name and an unknown number answered alike; rate limit) and 撤销 with its
three-year ban."""

import datetime
import io
import re

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.codes.models import Parameter
from zhicheng.integrity.models import Ban
from zhicheng.integrity.services import active_ban
from zhicheng.results import services
from zhicheng.results.models import Certificate

from .. import factories as f
from .steps import ISSUED, OBTAINED, issue


def test_issue_fills_the_certificate_from_the_application(world):
    cert = issue(world)
    assert re.fullmatch(r"冀ZC2026\d{6}", cert.number) and cert.number == "冀ZC2026000001"
    assert (cert.holder, cert.holder_name, cert.id_number) == (world.applicant, "张建国", world.applicant.id_number)
    assert (cert.unit_name, cert.specialty, cert.title, cert.level) == (
        "河北电力设计院", "电气工程", world.app.title, world.app.level)
    assert (cert.obtained_by, cert.obtained_on, cert.issued_on, cert.status) == ("评审", OBTAINED, ISSUED, "valid")
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{16}", cert.verification_code)
    assert AuditEvent.objects.filter(action="results.certificate_issued", object_id=str(cert.pk)).exists()


def test_numbers_run_per_year_and_codes_differ(world):
    first = issue(world)
    second = issue(world, world.other_app)
    app3 = f.application(world.applicant2, world.campaign)
    next_year = issue(world, app3, issued_on=datetime.date(2027, 1, 5))
    assert (first.number, second.number, next_year.number) == ("冀ZC2026000001", "冀ZC2026000002", "冀ZC2027000001")
    assert len({first.verification_code, second.verification_code, next_year.verification_code}) == 3


def test_a_second_certificate_for_the_same_application_is_refused(world):
    issue(world)
    with pytest.raises(services.ResultsRefusal) as exc:
        issue(world)
    assert exc.value.problems == ["该申报人员本次评审的职称证书已发放，不能重复发证。"]
    assert Certificate.objects.count() == 1


def test_a_taken_number_is_retried(world, monkeypatch):
    issue(world)
    calls = []
    real = services.next_number

    def stale(year):  # the first draw returns the number a concurrent issue already took
        calls.append(year)
        return "冀ZC2026000001" if len(calls) == 1 else real(year)

    monkeypatch.setattr(services, "next_number", stale)
    assert issue(world, world.other_app).number == "冀ZC2026000002"
    assert len(calls) == 2


def test_only_issuers_issue_and_missing_fields_are_listed(world):
    with pytest.raises(services.ResultsRefusal) as exc:
        services.issue_certificate(world.hr, world.app, committee_name="x", authority="y", document_number="z",
                                   obtained_on=OBTAINED, issued_on=ISSUED)
    assert exc.value.status == 403
    with pytest.raises(services.ResultsRefusal) as exc:
        services.issue_certificate(world.host_user, world.app, committee_name=" ", authority="", document_number="",
                                   obtained_on=ISSUED, issued_on=OBTAINED)
    assert exc.value.problems == ["请填写评审委员会名称。", "请填写审批（备案）机关。", "请填写文号。",
                                  "发证日期不能早于取得资格时间。"]
    assert not Certificate.objects.exists()


def test_verify_confirms_with_masked_data_only(world):
    cert = issue(world)
    result = services.verify(cert.number, " 张 建国 ")
    assert result.found and not result.revoked and result.message == "经查询，该证书真实有效。"
    idn = world.applicant.id_number
    assert result.data["id_number"] == idn[:3] + "*" * 12 + idn[-3:]
    assert idn not in str(result.data)
    assert (result.data["document_number"], result.data["obtained_on"]) == ("冀人社职〔2026〕12号", OBTAINED)


def test_wrong_name_and_unknown_number_get_the_same_answer(world):
    cert = issue(world)
    wrong_name = services.verify(cert.number, "李秀英")
    unknown = services.verify("冀ZC2026999999", "张建国")
    assert not wrong_name.found and not unknown.found
    assert wrong_name.message == unknown.message == "未查询到匹配的证书，请核对证书编号和姓名。"
    assert wrong_name.data == unknown.data == {}


def test_verify_needs_both_fields(world):
    with pytest.raises(services.ResultsRefusal) as exc:
        services.verify("", "")
    assert exc.value.problems == ["请填写证书编号。", "请填写姓名。"]


def test_lookups_are_limited_per_address(world):
    cert = issue(world)
    Parameter.objects.update_or_create(key="certificate_lookups_per_hour",
                                       defaults={"name": "同一地址每小时可查询证书次数", "value": 3})
    for _ in range(3):
        services.verify(cert.number, "张建国", ip="10.0.0.1")
    with pytest.raises(services.TooManyLookups) as exc:
        services.verify(cert.number, "张建国", ip="10.0.0.1")
    assert exc.value.problems == ["查询过于频繁，请一小时后再试。"]
    with pytest.raises(services.TooManyLookups):
        services.verify_code(cert.verification_code, ip="10.0.0.1")
    assert services.verify(cert.number, "张建国", ip="10.0.0.2").found  # another address is not affected


def test_revoke_shows_revoked_and_bans_for_three_years(world):
    cert = issue(world)
    on = datetime.date(2027, 2, 28)
    services.revoke(world.provincial, cert, reason="论文系剽窃", on=on, authority="河北省人力资源和社会保障厅")
    cert.refresh_from_db()
    assert (cert.status, cert.revoked_on, cert.revoked_reason, cert.revoked_by) == (
        "revoked", on, "论文系剽窃", world.provincial)
    result = services.verify(cert.number, "张建国")
    assert result.found and result.revoked
    assert result.message == "该证书已于2027年2月28日撤销，不再有效。"
    assert result.data["status_label"] == "已撤销" and result.data["revoked_on"] == on
    assert services.verify_code(cert.verification_code).revoked
    ban = Ban.objects.get()
    assert (ban.id_number, ban.person_name, ban.application_id) == (world.applicant.id_number, "张建国", world.app.pk)
    assert (ban.starts_on, ban.ends_on, ban.authority) == (on, datetime.date(2030, 2, 28), "河北省人力资源和社会保障厅")
    assert active_ban(world.applicant.id_number, datetime.date(2030, 2, 27)) == ban
    assert active_ban(world.applicant.id_number, datetime.date(2030, 2, 28)) is None
    assert AuditEvent.objects.filter(action="results.certificate_revoked").exists()
    assert AuditEvent.objects.filter(action="integrity.ban", object_id=str(ban.pk)).exists()


def test_the_ban_follows_the_ban_years_parameter(world):
    Parameter.objects.update_or_create(key="ban_years", defaults={"name": "弄虚作假禁申年限", "value": 5})
    cert = issue(world)
    services.revoke(world.provincial, cert, reason="学历造假", on=datetime.date(2028, 2, 29))
    assert Ban.objects.get().ends_on == datetime.date(2033, 3, 1)  # 29 Feb → 1 Mar: the full term served


def test_only_the_provincial_office_revokes_and_only_once(world):
    cert = issue(world)
    for actor in (world.host_user, world.office_reviewer, world.applicant):
        with pytest.raises(services.ResultsRefusal) as exc:
            services.revoke(actor, cert, reason="x", on=ISSUED)
        assert exc.value.status == 403
    with pytest.raises(services.ResultsRefusal):
        services.revoke(world.provincial, cert, reason=" ", on=ISSUED)
    services.revoke(world.provincial, cert, reason="伪造", on=ISSUED)
    with pytest.raises(services.ResultsRefusal) as exc:
        services.revoke(world.provincial, cert, reason="伪造", on=ISSUED)
    assert exc.value.status == 409
    assert Ban.objects.count() == 1


def test_old_lookups_are_purged_by_the_daily_job(world):
    from django.utils import timezone

    from zhicheng.results.models import Lookup
    from zhicheng.scheduling import jobs

    old = Lookup.objects.create(ip="10.0.0.1")
    Lookup.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    fresh = Lookup.objects.create(ip="10.0.0.1")
    assert "purge_certificate_lookups" in {j.name for j in jobs.registered()}
    assert services.purge_lookups(datetime.date(2026, 12, 1)) == "删除证书查询记录1条"
    assert list(Lookup.objects.all()) == [fresh]


def test_issue_command(world):
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("issue_certificate", world.provincial.username, str(world.app.pk), "--committee", "河北省工程系列评委会",
                 "--authority", "河北省人力资源和社会保障厅", "--document-number", "冀人社职〔2026〕3号",
                 "--obtained-on", "2026-11-20", "--issued-on", "2026-12-01", stdout=out)
    cert = Certificate.objects.get()
    assert f"已发证：{cert.number}（张建国）" in out.getvalue() and cert.issued_on == ISSUED
    with pytest.raises(CommandError, match="不能重复发证"):
        call_command("issue_certificate", world.provincial.username, str(world.app.pk), "--committee", "x",
                     "--authority", "y", "--document-number", "z", "--obtained-on", "2026-11-20",
                     "--issued-on", "2026-12-01")
    with pytest.raises(CommandError, match="只有省职改办或评委会组建单位"):
        call_command("issue_certificate", world.hr.username, str(world.other_app.pk), "--committee", "x",
                     "--authority", "y", "--document-number", "z", "--obtained-on", "2026-11-20",
                     "--issued-on", "2026-12-01")
