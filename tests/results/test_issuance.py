"""§五(三)–(四) 发文 and 撤销: the document by the right issuer per level, its PDF read back, certificates
with the 文号 verifying on /zhengshu/, and revocation moving the application with a ban."""

import pytest
from django.test import Client

from zhicheng.errors import Refusal
from zhicheng.integrity.models import Ban
from zhicheng.results import issuance, services
from zhicheng.results.models import Certificate
from zhicheng.workflow import actions
from zhicheng.workflow.services import TransitionError, transition
from zhicheng.workflow.states import State

from ..documents.pdfs import flat, text
from ..support import stage5 as s5
from ..support.queries import count_queries


def test_host_issues_the_filed_and_certificates_verify(world):
    s5.decided(world)
    doc = s5.document(world, world.host_user, [world.middle])
    world.middle.refresh_from_db()
    assert world.middle.state == State.ISSUED
    cert = Certificate.objects.get(application=world.middle)
    assert cert.document_number == "冀职改〔2026〕12号" and cert.authority == "河北省职称改革领导小组办公室"
    assert cert.committee_name == world.committee.name
    assert doc.entries.get().certificate == cert
    pdf = flat(text(issuance.document_pdf(doc)))
    assert "冀职改〔2026〕12号" in pdf and "李秀英" in pdf and cert.number in pdf
    assert world.applicant2.id_number not in pdf
    r = Client().post("/zhengshu/", {"number": cert.number, "name": "李秀英"})
    assert "真实有效" in r.content.decode() and "冀职改〔2026〕12号" in r.content.decode()


def test_issue_by_level_and_role(world):
    s5.decided(world)
    with pytest.raises(TransitionError) as e:
        s5.document(world, world.host_user, [world.senior])
    assert "由省职改办发文" in "".join(e.value.problems)
    with pytest.raises(TransitionError) as e:
        s5.document(world, world.provincial, [world.middle], number="冀职改〔2026〕13号")
    assert "由评委会组建单位发文" in "".join(e.value.problems)
    for user in (world.office_reviewer, world.hr, world.applicant):
        with pytest.raises(issuance.ResultFlowRefusal):
            s5.document(world, user, [world.middle], number="冀职改〔2026〕14号")
    assert not Certificate.objects.exists()
    s5.document(world, world.provincial, [world.senior], number="冀职改〔2026〕15号")
    world.senior.refresh_from_db()
    assert world.senior.state == State.ISSUED
    assert Certificate.objects.get(application=world.senior).document_number == "冀职改〔2026〕15号"


def test_document_number_is_unique_and_one_by_one_is_refused(world):
    s5.decided(world, extra=1)
    s5.document(world, world.host_user, [world.middle])
    third = world.passed[2]
    with pytest.raises(issuance.ResultFlowRefusal, match="已使用"):
        s5.document(world, world.host_user, [third])
    with pytest.raises(issuance.ResultFlowRefusal, match="评审结果发文"):
        actions.perform(third, "issue", actor=world.host_user)


def test_document_pages(world):
    s5.decided(world)
    c = Client()
    c.force_login(world.host_user)
    assert "李秀英" in c.get("/results/flow/documents/new/").content.decode()
    r = c.post("/results/flow/documents/new/", {"number": "冀职改〔2026〕12号", "authority": "河北省职改办",
                                                "issued_on": "2026-10-20", "applications": [world.middle.pk]},
               follow=True)
    assert "已发文" in r.content.decode()
    doc = issuance.documents_for(world.host_user).get()
    r = c.get(f"/results/flow/documents/{doc.pk}/pdf/")
    assert r.status_code == 200 and "冀职改〔2026〕12号" in flat(text(b"".join(r)))
    for user in (world.provincial, world.hr, world.applicant):
        c.force_login(user)
        assert c.get(f"/results/flow/documents/{doc.pk}/").status_code == 404
    s5.other_host(world)
    c.force_login(world.host2_user)
    assert c.get(f"/results/flow/documents/{doc.pk}/pdf/").status_code == 404


def test_revoke_moves_the_application_and_bans(world):
    s5.decided(world)
    s5.document(world, world.host_user, [world.middle])
    cert = Certificate.objects.get(application=world.middle)
    with pytest.raises(TransitionError):
        actions.perform(world.middle, "revoke_title", actor=world.host_user, reason="x")
    c = Client()
    c.force_login(world.provincial)
    r = c.post(f"/results/certificates/{cert.pk}/revoke/", {"on": "2026-11-02", "authority": "河北省职改办",
                                                             "reason": "伪造论文。"})
    assert r.status_code == 302
    world.middle.refresh_from_db()
    cert.refresh_from_db()
    assert world.middle.state == State.REVOKED and cert.status == Certificate.Status.REVOKED
    assert Ban.objects.filter(id_number=world.applicant2.id_number).exists()
    assert services.verify(cert.number, "李秀英").revoked


def test_revoke_from_the_dossier_step(world):
    s5.decided(world)
    s5.document(world, world.provincial, [world.senior])
    world.senior.refresh_from_db()
    assert [t.action for t in actions.available(world.provincial, world.senior)] == ["revoke_title"]
    with pytest.raises(TransitionError, match="须先登记撤销职称证书"):
        transition(world.senior, "revoke_title", actor=world.provincial, reason="x", certificate="x")
    actions.perform(world.senior, "revoke_title", actor=world.provincial, reason="剽窃。",
                    data={"authority": "河北省职改办"})
    world.senior.refresh_from_db()
    assert world.senior.state == State.REVOKED
    assert Certificate.objects.get(application=world.senior).status == Certificate.Status.REVOKED


def test_document_new_queries_do_not_depend_on_rows(world):
    s5.decided(world, extra=3)
    c = Client()
    c.force_login(world.host_user)
    count_queries(c, "/results/flow/documents/new/")
    many = count_queries(c, "/results/flow/documents/new/")  # four filed people listed
    s5.document(world, world.host_user, world.passed[2:])
    assert count_queries(c, "/results/flow/documents/new/") == many  # one left


def test_an_over_long_authority_is_refused_not_cut_and_nothing_is_revoked(world):
    s5.decided(world)
    s5.document(world, world.host_user, [world.middle])
    cert = Certificate.objects.get(application=world.middle)
    with pytest.raises(Refusal, match="认定机关不超过100字"):
        issuance.revoke_title(world.provincial, cert, reason="剽窃。", authority="长" * 101)
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.VALID and not Ban.objects.exists()
    issuance.revoke_title(world.provincial, cert, reason="剽窃。", authority="长" * 100)
    assert Ban.objects.get().authority == "长" * 100
